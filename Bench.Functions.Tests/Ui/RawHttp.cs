using System.Net.Sockets;
using System.Text;

namespace Bench.Functions.Tests.Ui;

/// <summary>
/// Sends a request target exactly as written (HttpClient's Uri would resolve <c>..</c> and decode
/// <c>%2e</c> before sending) and returns the status code of the answer.
/// </summary>
internal static class RawHttp
{
    public static async Task<int> StatusAsync(Uri server, string method, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync() ?? throw new IOException($"{method} {target}: the server closed the connection without answering");
        // "HTTP/1.1 404 Not Found"
        return int.Parse(status.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
