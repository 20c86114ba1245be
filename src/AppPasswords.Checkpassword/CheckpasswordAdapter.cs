namespace AppPasswords.Checkpassword;

/// <summary>
/// One login decision, independent of file descriptors and exec so it can be tested:
/// exit code 0 means "exec the next program with USER set", 1 is a rejection, 111 a temporary failure.
/// </summary>
internal sealed class CheckpasswordAdapter(VerifyClient verifyClient, AdapterConfiguration configuration, TextWriter log)
{
    public const int Rejected = 1;
    public const int TemporaryFailure = 111;

    public async Task<(int ExitCode, string? User)> DecideAsync(ReadOnlyMemory<byte> payload, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var request = CheckpasswordRequest.Parse(payload.Span);
        if (request is null)
        {
            await log.WriteLineAsync("apppasswords-checkpassword: malformed request on fd 3 (expected user\\0password\\0, at most 512 bytes)").ConfigureAwait(false);
            return (Rejected, null);
        }

        if (environment("AUTHORIZED") == "1")
        {
            // A userdb lookup or a passwordless (master user) login: we only check passwords.
            await log.WriteLineAsync("apppasswords-checkpassword: only password checks are supported (AUTHORIZED=1); use a static userdb").ConfigureAwait(false);
            return (Rejected, null);
        }

        var service = environment("SERVICE");
        var protocol = MailProtocol.FromDovecotService(service);
        if (protocol is null)
        {
            await log.WriteLineAsync($"apppasswords-checkpassword: service '{Sanitize(service)}' has no app password scope; rejected").ConfigureAwait(false);
            return (Rejected, null);
        }

        string serviceKey;
        try
        {
            serviceKey = configuration.ReadServiceKey();
        }
        catch (InvalidOperationException e)
        {
            await log.WriteLineAsync($"apppasswords-checkpassword: {e.Message}").ConfigureAwait(false);
            return (TemporaryFailure, null);
        }

        var outcome = await verifyClient.VerifyAsync(serviceKey, request.User, request.Password, protocol, environment("TCPREMOTEIP"), cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case VerifyOutcome.Accepted accepted:
                return (0, accepted.UserPrincipalName);
            case VerifyOutcome.TemporaryFailure failure:
                await log.WriteLineAsync($"apppasswords-checkpassword: {failure.Reason}").ConfigureAwait(false);
                return (TemporaryFailure, null);
            default:
                return (Rejected, null);
        }
    }

    private static string Sanitize(string? value) =>
        value is null ? "(unset)" : new string([.. value.Take(32).Select(c => char.IsControl(c) ? '?' : c)]);
}
