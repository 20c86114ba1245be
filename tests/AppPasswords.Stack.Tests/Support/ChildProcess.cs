using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AppPasswords.Stack.Tests.Support;

/// <summary>
/// A server of the stack started as a child process: every line it writes to stdout or stderr is kept (and copied to
/// <c>&lt;name&gt;.log</c> in the stack's folder for a failed run), a test can wait for a line to appear, and dispose
/// kills the whole process tree.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly List<string> lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> waiters = [];
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        this.process = process;
        this.log = log;
    }

    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => exited.Task.IsCompleted;

    /// <summary>Everything the process wrote so far, one line each.</summary>
    public string Output
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    /// <summary>Lines written so far that contain <paramref name="text"/>.</summary>
    public int CountLines(string text)
    {
        lock (lines)
        {
            return lines.Count(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>Starts <paramref name="info"/> (output redirected here) and logs its output to <paramref name="logPath"/>.</summary>
    public static ChildProcess Start(string name, ProcessStartInfo info, string logPath)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, new StreamWriter(logPath, append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child.exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name} did not start: {info.FileName}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Returns the first line (already written or still to come) for which <paramref name="match"/> holds.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (lines)
        {
            if (lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            waiters.Add((match, seen));
        }

        try
        {
            var first = await Task.WhenAny(seen.Task, exited.Task).WaitAsync(timeout);
            if (first == seen.Task)
            {
                return await seen.Task;
            }

            // The process ended; its last lines may still be in the pipe: the exit event can come first.
            process.WaitForExit();
            return seen.Task.IsCompleted
                ? await seen.Task
                : throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before the expected line:\n{Output}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{Name} did not write the expected line within {timeout.TotalSeconds} s:\n{Output}", e);
        }
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await exited.Task.WaitAsync(timeout);
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Writes <paramref name="text"/> and a newline to the process's standard input and closes it.</summary>
    public async Task WriteInputAndCloseAsync(string text)
    {
        await process.StandardInput.WriteLineAsync(text);
        process.StandardInput.Close();
    }

    /// <summary>SIGKILL to the process and its children, as a crash or an out-of-memory kill would end them.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended on its own meanwhile.
            }
        }

        await exited.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Returns once <paramref name="port"/> on loopback accepts a connection; throws if the process ends or 30 s pass.</summary>
    public async Task WaitUntilListeningAsync(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} exited before listening on {port}:\n{Output}");
            }

            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                // Polls a port that is not open yet (connection refused comes back at once); not a synchronisation sleep.
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        await log.DisposeAsync();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> matched = [];
        lock (lines)
        {
            lines.Add(line);
            log.WriteLine(line);
            foreach (var waiter in waiters.Where(w => w.Match(line)).ToList())
            {
                waiters.Remove(waiter);
                matched.Add(waiter.Seen);
            }
        }

        foreach (var seen in matched)
        {
            seen.TrySetResult(line);
        }
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
