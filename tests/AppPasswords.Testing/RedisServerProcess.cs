using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AppPasswords.Testing;

/// <summary>
/// A real <c>redis-server</c> (Debian's package) as a child process: its own temporary folder, a free loopback port,
/// no persistence (<c>--save ''</c>, no append-only file). Started with <see cref="StartAsync"/> (returns once Redis
/// logs that it accepts connections), <see cref="KillAsync"/> for an outage in the middle of a test,
/// <see cref="RestartAsync"/> to bring it back on the same port (empty). Dispose kills it and deletes the folder.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private const string Ready = "Ready to accept connections";
    private readonly string root;
    private Process? server;

    private RedisServerProcess(string root, int port)
    {
        this.root = root;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for <c>Redis:Configuration</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServerProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        var redis = new RedisServerProcess(Directory.CreateTempSubdirectory("apppasswords-redis-").FullName, FreePort());
        try
        {
            await redis.RestartAsync(cancellationToken);
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again on the same port after <see cref="KillAsync"/> (with no data: nothing is saved).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (server is { HasExited: false })
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        server?.Dispose();
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", root, "--daemonize", "no", "--loglevel", "notice",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        server = new Process { StartInfo = start, EnableRaisingEvents = true };
        server.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("redis-server exited before it was ready: " + log));
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data.Contains(Ready, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        server.ErrorDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        };
        if (!server.Start())
        {
            throw new InvalidOperationException("redis-server did not start (is Debian's redis-server installed? see build/install-prerequisites.sh)");
        }

        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>Kills the server (SIGKILL, an outage as a crash would cause) and waits until it has exited.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            server?.Dispose();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // The OS temp cleaner takes it.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
