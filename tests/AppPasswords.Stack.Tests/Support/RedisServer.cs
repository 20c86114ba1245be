using System.Diagnostics;
using System.Globalization;

namespace AppPasswords.Stack.Tests.Support;

/// <summary>One Debian <c>redis-server</c> on a loopback port, in memory only (no RDB, no AOF), its folder under the stack's root.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private readonly ChildProcess process;

    private RedisServer(ChildProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The value of <c>Redis:Configuration</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(string root)
    {
        var directory = Path.Combine(root, "redis");
        Directory.CreateDirectory(directory);
        var port = ChildProcess.FreePort();
        var info = new ProcessStartInfo(Executable);
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory })
        {
            info.ArgumentList.Add(arg);
        }

        var process = ChildProcess.Start("redis-server", info, Path.Combine(root, "redis.log"));
        await process.WaitForLineAsync(l => l.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        return new RedisServer(process, port);
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
