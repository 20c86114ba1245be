using System.Diagnostics;

namespace AppPasswords.Stack.Tests.Support;

/// <summary>
/// The portal as an operator runs it: <c>dotnet AppPasswords.Web.dll</c> from the web project's build output (same
/// configuration as this test assembly), its content root the web project (wwwroot, appsettings.json), configured only
/// by environment variables. The same settings run the command-line verbs (<see cref="RunCommandAsync"/>).
/// </summary>
public sealed class PortalProcess
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string root;
    private readonly IReadOnlyDictionary<string, string> settings;
    private int started;

    public PortalProcess(string name, string root, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        this.root = root;
        this.settings = settings;
        Port = ChildProcess.FreePort();
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>How nginx's <c>$upstream_addr</c> names this instance.</summary>
    public string Upstream => $"127.0.0.1:{Port}";

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public ChildProcess? Process { get; private set; }

    public bool IsRunning => Process is { HasExited: false };

    /// <summary>Starts the web server and returns once Kestrel listens.</summary>
    public async Task StartAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        var info = StartInfo([]);
        info.Environment["ASPNETCORE_URLS"] = BaseUrl.ToString().TrimEnd('/');
        started++;
        Process = ChildProcess.Start($"{Name} (start {started})", info, Path.Combine(root, $"{Name}.log"));
        await Process.WaitForLineAsync(l => l.Contains("Now listening on", StringComparison.Ordinal), StartTimeout);
    }

    /// <summary>Runs a command-line verb (<c>users add …</c>, <c>service-keys create …</c>); returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(string[] args, string? input = null)
    {
        await using var command = ChildProcess.Start($"{Name} {string.Join(' ', args)}", StartInfo(args), Path.Combine(root, "commands.log"));
        await command.WriteInputAndCloseAsync(input ?? "");
        var exitCode = await command.WaitForExitAsync(StartTimeout);
        return (exitCode, command.Output);
    }

    public async Task KillAsync()
    {
        if (Process is not null)
        {
            await Process.KillAsync();
        }
    }

    private ProcessStartInfo StartInfo(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = WebProjectDirectory };
        info.ArgumentList.Add(WebAssemblyPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Only what this stack sets: nothing from the test runner's own environment names or configures the app.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_CONTENTROOT"] = WebProjectDirectory;
        info.Environment["DOTNET_USE_POLLING_FILE_WATCHER"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return info;
    }

    private static string WebProjectDirectory => Path.Combine(RepositoryRoot(), "src", "AppPasswords.Web");

    /// <summary>
    /// <c>src/AppPasswords.Web/bin/&lt;Configuration&gt;/&lt;tfm&gt;/AppPasswords.Web.dll</c>, the configuration and target
    /// framework read from this assembly's own <c>bin/&lt;Configuration&gt;/&lt;tfm&gt;/</c> folder.
    /// </summary>
    private static string WebAssemblyPath
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(WebProjectDirectory, "bin", output.Parent!.Name, output.Name, "AppPasswords.Web.dll");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"{path} is missing: build AppPasswords.sln in the same configuration first.");
        }
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AppPasswords.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AppPasswords.sln not found above " + AppContext.BaseDirectory);
    }
}
