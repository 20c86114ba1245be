using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace AppPasswords.Testing;

/// <summary>
/// Users who have finished MFA registration through the portal's own services (authenticator app activated with a
/// correct code, alternate email verified with the code from the outbox), for tests of features behind the interrupt.
/// <see cref="PortalHostAccounts.SignInAsync"/> then also passes <c>/Mfa/Verify</c> for them, as the user would.
/// </summary>
public static partial class MfaTestAccounts
{
    private static readonly ConditionalWeakTable<PortalHost, ConcurrentDictionary<string, string>> Keys = new();

    /// <summary>Creates a local user and completes their MFA registration; returns the user.</summary>
    public static async Task<User> CreateRegisteredUserAsync(this PortalHost host, string userName, string password, bool admin = false, string? displayName = null)
    {
        var user = await host.CreateUserAsync(userName, password, admin, displayName);
        await host.CompleteMfaRegistrationAsync(user, userName);
        return user;
    }

    /// <summary>Activates an authenticator app and verifies an alternate email for <paramref name="user"/>; returns the TOTP key.</summary>
    public static async Task<string> CompleteMfaRegistrationAsync(this PortalHost host, User user, string? userName = null)
    {
        var key = await RegisterAsync(host, user, async (services, email) =>
            (await services.GetRequiredService<DevelopmentOutbox>().ListAsync(50)).First(m => m.Recipient == email).Body);
        Keys.GetOrCreateValue(host)[userName ?? user.UserPrincipalName] = key;
        return key;
    }

    /// <summary>
    /// The same registration on a host that sends mail over SMTP (its development outbox stays empty): the email code
    /// is read from <paramref name="smtp"/>. Returns the TOTP key; it is not remembered for
    /// <see cref="PortalHostAccounts.SignInAsync"/>, so a test passes the second factor itself
    /// (<see cref="PassSecondFactorAsync"/>). The verified alternate email is <see cref="AlternateEmailOf"/>.
    /// </summary>
    public static Task<string> CompleteMfaRegistrationThroughSmtpAsync(this PortalHost host, InProcessSmtpServer smtp, User user)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        return RegisterAsync(host, user, async (_, email) => (await smtp.WaitForMessageAsync(email)).TextBody ?? "");
    }

    /// <summary>The alternate email the registration helpers verify for <paramref name="user"/>.</summary>
    public static string AlternateEmailOf(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return $"{user.Id:N}@example.test";
    }

    private static async Task<string> RegisterAsync(PortalHost host, User user, Func<IServiceProvider, string, Task<string>> readEmailBody)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(user);
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var methods = services.GetRequiredService<IMfaMethodService>();
        var session = Guid.NewGuid();
        var setup = await methods.GetOrBeginTotpAsync(user.Id, session, user.UserPrincipalName);
        var key = setup.DisplayKey.Replace(" ", "", StringComparison.Ordinal);
        if (!(await methods.ActivateTotpAsync(user.Id, session, CurrentCode(host, key, stepsAhead: 0))).IsVerified)
        {
            throw new InvalidOperationException("The authenticator app could not be activated.");
        }

        var contacts = services.GetRequiredService<IContactMethodService>();
        var email = AlternateEmailOf(user);
        var begin = await contacts.BeginAsync(user.Id, ContactType.Email, email);
        if (begin.Status != BeginContactStatus.Sent)
        {
            throw new InvalidOperationException($"The alternate email code was not sent: {begin.Status}.");
        }

        var confirmed = await contacts.ConfirmAsync(user.Id, CodePattern().Match(await readEmailBody(services, email)).Value);
        if (!confirmed.IsVerified || !(await services.GetRequiredService<IMfaRegistrationQuery>().GetStateAsync(user.Id)).IsComplete)
        {
            throw new InvalidOperationException("MFA registration did not complete.");
        }

        return key;
    }

    /// <summary>
    /// A user with completed registration, signed in on a new cookie client that has just passed <c>/Mfa/Verify</c>;
    /// returns the user, the client and the TOTP key. A client of another host given the same <paramref name="cookies"/>
    /// is signed in too when that host shares the database (cookies do not depend on the port).
    /// </summary>
    public static async Task<(User User, HttpClient Client, string Key)> CreateVerifiedUserAsync(
        this PortalHost host, string userName, string? email = null, System.Net.CookieContainer? cookies = null)
    {
        const string password = "Correct-Horse-42";
        var user = await host.CreateUserAsync(userName, password, email: email);
        var key = await host.CompleteMfaRegistrationAsync(user, userName);
        var client = host.CreateCookieClient(cookies);
        await host.SignInAsync(client, userName, password);
        return (user, client, key);
    }

    /// <summary>The TOTP key registered for <paramref name="userName"/> on this host, if any.</summary>
    public static string? KeyFor(this PortalHost host, string userName) =>
        Keys.TryGetValue(host, out var keys) && keys.TryGetValue(userName, out var key) ? key : null;

    /// <summary>Posts a fresh authenticator code to <c>/Mfa/Verify</c> for a signed-in client.</summary>
    public static async Task PassSecondFactorAsync(this PortalHost host, HttpClient client, string key)
    {
        ArgumentNullException.ThrowIfNull(client);
        // One step ahead: activation or an earlier check may already have used the current step (replay protection).
        using var response = await client.PostFormAsync("/Mfa/Verify", "/Mfa/Verify?handler=Totp", new Dictionary<string, string>
        {
            ["code"] = CurrentCode(host, key, stepsAhead: 1),
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The second-factor check failed with {(int)response.StatusCode}.");
        }
    }

    /// <summary>The authenticator code for the host's clock, <paramref name="stepsAhead"/> 30-second steps ahead.</summary>
    public static string CurrentCode(PortalHost host, string key, int stepsAhead)
    {
        ArgumentNullException.ThrowIfNull(host);
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(30 * stepsAhead);
        return new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(now.UtcDateTime);
    }

    [GeneratedRegex("\\b[0-9]{6}\\b")]
    private static partial Regex CodePattern();
}
