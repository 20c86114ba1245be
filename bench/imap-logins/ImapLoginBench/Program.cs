using System.Diagnostics;
using System.Globalization;
using MailKit.Net.Imap;
using MailKit.Security;

// usage: ImapLoginBench <port> <user> <password-file> <concurrency> <seconds>
// Prints: logins=<n> failures=<n> seconds=<s> rate=<logins/s> p50ms=<ms> p95ms=<ms>
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: ImapLoginBench <port> <user> <password-file> <concurrency> <seconds>");
    return 2;
}

var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var user = args[1];
var password = (await File.ReadAllTextAsync(args[2])).Trim();
var concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));

var latencies = new List<double>();
var failures = 0;
var clock = Stopwatch.StartNew();
var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
{
    while (clock.Elapsed < duration)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var client = new ImapClient();
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await client.AuthenticateAsync(user, password);
            await client.DisconnectAsync(quit: true);
            lock (latencies)
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (Exception e) when (e is AuthenticationException or IOException or ImapProtocolException or System.Net.Sockets.SocketException)
        {
            Interlocked.Increment(ref failures);
        }
    }
})).ToArray();
await Task.WhenAll(workers);
var seconds = clock.Elapsed.TotalSeconds;
latencies.Sort();
double Percentile(double p) => latencies.Count == 0 ? 0 : latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(p * latencies.Count))];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"logins={latencies.Count} failures={failures} seconds={seconds:0.0} rate={latencies.Count / seconds:0.0} p50ms={Percentile(0.5):0} p95ms={Percentile(0.95):0}"));
return failures == 0 ? 0 : 1;
