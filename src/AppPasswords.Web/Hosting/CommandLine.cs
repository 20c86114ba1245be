using AppPasswords.Web.Hosting.Commands;

namespace AppPasswords.Web.Hosting;

/// <summary>Administrative verbs of the app (<c>AppPasswords.Web users add ...</c>); the web server starts when none is given.</summary>
internal static class CommandLine
{
    public static async Task<bool> RunCommandLineVerbAsync(this WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int? exitCode = args switch
        {
            [ServiceKeysCommand.Verb, .. var rest] => await ServiceKeysCommand.RunAsync(app, rest),
            _ => null,
        };
        if (exitCode is { } code)
        {
            Environment.ExitCode = code;
            return true;
        }

        return false;
    }
}
