using AppPasswords.Web.Hosting.Commands;

namespace AppPasswords.Web.Hosting;

/// <summary>Administrative verbs of the app (<c>AppPasswords.Web users add ...</c>); the web server starts when none is given.</summary>
internal static class CommandLine
{
    /// <summary>Runs the verb named by the first argument, if any; returns false when the web server should start.</summary>
    public static async Task<bool> RunCommandLineVerbAsync(this WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            return false;
        }

        switch (args[0])
        {
            case ServiceKeysCommand.Verb:
                Environment.ExitCode = await ServiceKeysCommand.RunAsync(app, args[1..]);
                return true;
            case UsersCommand.Verb:
                Environment.ExitCode = await UsersCommand.RunAsync(
                    app.Services, WithoutConfigurationSwitches(args[1..]), Console.In, Console.Out, interactive: !Console.IsInputRedirected, app.Lifetime.ApplicationStopping);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Drops <c>--Section:Key value</c> and <c>--Section:Key=value</c> (configuration, already read by the host).</summary>
    internal static List<string> WithoutConfigurationSwitches(IReadOnlyList<string> args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':', StringComparison.Ordinal))
            {
                if (!arg.Contains('=', StringComparison.Ordinal))
                {
                    i++;
                }

                continue;
            }

            result.Add(arg);
        }

        return result;
    }
}
