// An async cache refresh that blocks its thread twice.
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

public class Cache
{
    private readonly HttpClient http = new HttpClient();

    public async Task<string> RefreshAsync(string url)
    {
        Thread.Sleep(500);
        var body = http.GetStringAsync(url).Result;
        await Task.Yield();
        return body;
    }
}
