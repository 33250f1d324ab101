// Sends one e-mail per recipient, each on its own new OS thread.
import java.util.List;

public class Mailer {
    public void sendAll(List<String> recipients) {
        for (String to : recipients) {
            new Thread(() -> send(to)).start();
        }
    }

    private void send(String to) {
        System.out.println("mail to " + to);
    }
}
