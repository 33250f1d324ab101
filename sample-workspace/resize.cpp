// Resizes images with one OS thread per image.
#include <string>
#include <thread>
#include <vector>

void resize(const std::string& path);

void resizeAll(const std::vector<std::string>& paths) {
    std::vector<std::thread> threads;
    for (const auto& path : paths) {
        threads.emplace_back(resize, path);
    }
    for (auto& t : threads) {
        t.join();
    }
}
