using System.Globalization;
using System.Text;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;

namespace AppPasswords.Web.Hosting.Commands;

/// <summary>
/// <c>users add NAME [--admin] [--display-name TEXT] [--email ADDRESS]</c> (password read from standard input,
/// without echo on a terminal), <c>users list</c>, <c>users set-admin NAME true|false</c>. Built-in directory only.
/// </summary>
internal static class UsersCommand
{
    public const string Verb = "users";

    private const string Usage = """
        Usage:
          users add <name> [--admin] [--display-name <text>] [--email <address>]   (password from standard input)
          users list
          users set-admin <name> <true|false>
        """;

    /// <summary>Runs the verb; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextReader input, TextWriter output, bool interactive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Count == 0)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        await services.MigrateDatabaseAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<ILocalUserDirectory>();
        return args[0] switch
        {
            "add" => await AddAsync(directory, args, input, output, interactive, cancellationToken),
            "list" => await ListAsync(directory, output, cancellationToken),
            "set-admin" when args.Count == 3 && bool.TryParse(args[2], out var admin) => await SetAdminAsync(directory, args[1], admin, output, cancellationToken),
            _ => await UsageAsync(output),
        };
    }

    private static async Task<int> AddAsync(ILocalUserDirectory directory, IReadOnlyList<string> args, TextReader input, TextWriter output, bool interactive, CancellationToken cancellationToken)
    {
        if (args.Count < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            return await UsageAsync(output);
        }

        var name = args[1];
        var admin = false;
        string? displayName = null;
        string? email = null;
        for (var i = 2; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--admin":
                    admin = true;
                    break;
                case "--display-name" when i + 1 < args.Count:
                    displayName = args[++i];
                    break;
                case "--email" when i + 1 < args.Count:
                    email = args[++i];
                    break;
                default:
                    return await UsageAsync(output);
            }
        }

        string? password;
        if (interactive)
        {
            password = ReadHidden(output, "Password: ");
            var again = ReadHidden(output, "Repeat password: ");
            if (!string.Equals(password, again, StringComparison.Ordinal))
            {
                await output.WriteLineAsync("The passwords do not match.");
                return 1;
            }
        }
        else
        {
            password = await input.ReadLineAsync(cancellationToken);
        }

        var result = await directory.CreateAsync(new NewLocalUser(name, displayName, email, admin), password ?? "", cancellationToken);
        await output.WriteLineAsync(result.Error switch
        {
            CreateLocalUserError.None => string.Create(CultureInfo.InvariantCulture, $"Created user '{name}'{(admin ? " (admin)" : "")}."),
            CreateLocalUserError.InvalidUserName => "Invalid user name: use 1-128 letters, digits, '.', '-', '_' or '@'.",
            CreateLocalUserError.UserNameTaken => "A user with this name already exists.",
            CreateLocalUserError.PasswordTooShort => "The password must have at least 8 characters.",
            CreateLocalUserError.PasswordTooLong => "The password can have at most 128 characters.",
            _ => "This password is too common; choose another.",
        });
        return result.Succeeded ? 0 : 1;
    }

    private static async Task<int> ListAsync(ILocalUserDirectory directory, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var user in await directory.ListAsync(cancellationToken))
        {
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{user.UserName}\t{(user.IsAdmin ? "admin" : "user")}\t{user.DisplayName}\t{user.Email}\t{user.LastSignInAt:u}"));
        }

        return 0;
    }

    private static async Task<int> SetAdminAsync(ILocalUserDirectory directory, string name, bool admin, TextWriter output, CancellationToken cancellationToken)
    {
        if (!await directory.SetAdminAsync(name, admin, cancellationToken))
        {
            await output.WriteLineAsync("No such local user.");
            return 1;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"User '{name}' admin: {admin}."));
        return 0;
    }

    private static async Task<int> UsageAsync(TextWriter output)
    {
        await output.WriteLineAsync(Usage);
        return 2;
    }

    private static string ReadHidden(TextWriter output, string prompt)
    {
        output.Write(prompt);
        output.Flush();
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                output.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
