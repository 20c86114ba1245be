using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace AppPasswords.Testing;

/// <summary>
/// Completes a user's MFA registration through the product's own services (an authenticator activated with a
/// code computed from its seed, an email contact confirmed with the code read from the development outbox) and
/// passes <c>/Mfa/Verify</c> over HTTP, so every check the product makes still runs.
/// </summary>
public static partial class MfaTestAccounts
{
    /// <summary>Registers an authenticator and a verified email contact; returns the TOTP seed.</summary>
    public static async Task<byte[]> RegisterMfaAsync(this PortalHost host, User user, string? contactEmail = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(user);
        host.Start();
        var ct = CancellationToken.None;
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var clock = services.GetRequiredService<TimeProvider>();
        var setup = await services.GetRequiredService<IMfaMethodService>().GetOrBeginTotpAsync(user.Id, user.UserPrincipalName, ct);
        var secret = SecretPattern().Match(setup.OtpAuthUri.Query).Groups[1].Value;
        var seed = Base32Encoding.ToBytes(Uri.UnescapeDataString(secret));

        // The previous step, so the current step is still free for /Mfa/Verify (steps are single-use).
        var activationCode = new Totp(seed).ComputeTotp(clock.GetUtcNow().UtcDateTime.AddSeconds(-30));
        if (!await services.GetRequiredService<IMfaMethodService>().ActivateTotpAsync(user.Id, activationCode, ct))
        {
            throw new InvalidOperationException("The authenticator could not be activated.");
        }

        var email = contactEmail ?? $"alt-{Guid.NewGuid():N}@example.net";
        var contacts = services.GetRequiredService<IContactMethodService>();
        await contacts.BeginAsync(user.Id, ContactType.Email, email, ct);
        var sent = (await services.GetRequiredService<DevelopmentOutbox>().ListAsync(50, ct)).First(m => m.Recipient == email);
        var confirmed = await contacts.ConfirmAsync(user.Id, CodePattern().Match(sent.Body).Value, ct);
        if (!(await services.GetRequiredService<IMfaRegistrationQuery>().GetStateAsync(user.Id, ct)).IsComplete)
        {
            throw new InvalidOperationException($"MFA registration is not complete (contact: {confirmed}).");
        }

        return seed;
    }

    /// <summary>The current authenticator code for <paramref name="seed"/> on the host's clock.</summary>
    public static string CurrentCode(this PortalHost host, byte[] seed)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new Totp(seed).ComputeTotp(host.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
    }

    /// <summary>Passes the second-factor check of the signed-in <paramref name="client"/> with the current code.</summary>
    public static async Task VerifySecondFactorAsync(this PortalHost host, HttpClient client, byte[] seed)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostFormAsync("/Mfa/Verify", "/Mfa/Verify?handler=Totp", new Dictionary<string, string> { ["Code"] = host.CurrentCode(seed) });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The second-factor check failed with {(int)response.StatusCode}.");
        }
    }

    /// <summary>A user with completed registration, signed in on a new cookie client that has just passed /Mfa/Verify.</summary>
    public static async Task<(User User, HttpClient Client, byte[] Seed)> CreateVerifiedUserAsync(this PortalHost host, string userName, string? email = null)
    {
        const string password = "Correct-Horse-42";
        var user = await host.CreateUserAsync(userName, password, email: email);
        var seed = await host.RegisterMfaAsync(user);
        var client = host.CreateCookieClient();
        await host.SignInAsync(client, userName, password);
        await host.VerifySecondFactorAsync(client, seed);
        return (user, client, seed);
    }

    [GeneratedRegex("secret=([^&]+)")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("\\b[0-9]{6}\\b")]
    private static partial Regex CodePattern();
}
