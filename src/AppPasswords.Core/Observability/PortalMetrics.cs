using System.Diagnostics.Metrics;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Auth;

namespace AppPasswords.Core.Observability;

/// <summary>
/// The portal's own metrics: one process-wide <see cref="Meter"/> named <see cref="MeterName"/>, exported by the host
/// when configured (docs/observability.md). Tags are fixed, low-cardinality words, never a user name, address,
/// password, code or key. Every tag is a cached <see cref="KeyValuePair{TKey, TValue}"/> with a string value, so
/// recording allocates nothing; with no listener attached an instrument is disabled and a call returns at once.
/// </summary>
public static class PortalMetrics
{
    public const string MeterName = "AppPasswords";

    /// <summary>
    /// Values of the <c>limiter</c> tag of <c>apppasswords.rate_limit.rejections</c> recorded in Core; the host's limits
    /// use their own names (<c>verify.service-key</c>, <c>mfa.user</c>, ...).
    /// </summary>
    public static class Limiters
    {
        public const string SignIn = "sign-in";
    }

    /// <summary>Values of the <c>channel</c> tag of <c>apppasswords.mail.failures</c>.</summary>
    public static class Channels
    {
        public const string Email = "email";
        public const string Sms = "sms";
    }

    /// <summary>Outcomes of verify API requests refused before the password is checked.</summary>
    public enum VerifyRefusal
    {
        InvalidServiceKey,
        InvalidRequest,
        RateLimited,

        /// <summary>The shared rate-limit counters could not be reached, so nothing was checked.</summary>
        RateLimitUnavailable,
    }

    private static readonly Meter Meter = new(MeterName, typeof(PortalMetrics).Assembly.GetName().Version?.ToString(3));

    private static readonly Counter<long> Verifications = Meter.CreateCounter<long>(
        "apppasswords.verifications", "{verification}", "Verify API requests by outcome.");

    private static readonly Histogram<double> VerificationDuration = Meter.CreateHistogram(
        "apppasswords.verification.duration",
        "s",
        "Time to check an app password (lookup, hash, last-use write, audit), by outcome.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    private static readonly Counter<long> SignIns = Meter.CreateCounter<long>(
        "apppasswords.sign_ins", "{sign-in}", "Sign-in attempts by method and result.");

    private static readonly Counter<long> MfaFailures = Meter.CreateCounter<long>(
        "apppasswords.mfa.failures", "{failure}", "Wrong second-factor codes by method.");

    private static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(
        "apppasswords.rate_limit.rejections", "{rejection}", "Requests refused by a rate limit, by limiter.");

    private static readonly Counter<long> MailFailures = Meter.CreateCounter<long>(
        "apppasswords.mail.failures", "{message}", "E-mail and SMS messages that could not be handed on, by channel.");

    private static readonly KeyValuePair<string, object?> Ok = Outcome("ok");
    private static readonly KeyValuePair<string, object?>[] FailureTags = EnumTags<VerifyAppPasswordFailure>("outcome");
    private static readonly KeyValuePair<string, object?>[] RefusalTags = EnumTags<VerifyRefusal>("outcome");
    private static readonly KeyValuePair<string, object?>[] LocalSignInTags = EnumTags<LocalSignInOutcome>("result");
    private static readonly KeyValuePair<string, object?> Local = new("method", "local");
    private static readonly KeyValuePair<string, object?> Entra = new("method", "entra");
    private static readonly KeyValuePair<string, object?> Succeeded = new("result", "succeeded");
    private static readonly KeyValuePair<string, object?> Failed = new("result", "failed");

    /// <summary>A checked app password: <paramref name="failure"/> null is <c>ok</c>.</summary>
    public static void RecordVerification(VerifyAppPasswordFailure? failure, TimeSpan elapsed)
    {
        var outcome = failure is { } f ? Tag(FailureTags, (int)f, "outcome", f) : Ok;
        Verifications.Add(1, outcome);
        VerificationDuration.Record(elapsed.TotalSeconds, outcome);
    }

    /// <summary>A verify API request refused before the check (no duration: nothing was checked).</summary>
    public static void RecordVerifyRefused(VerifyRefusal refusal) => Verifications.Add(1, Tag(RefusalTags, (int)refusal, "outcome", refusal));

    public static void RecordLocalSignIn(LocalSignInOutcome outcome)
    {
        SignIns.Add(1, Local, Tag(LocalSignInTags, (int)outcome, "result", outcome));
        if (outcome == LocalSignInOutcome.Throttled)
        {
            RecordRateLimitRejection(Limiters.SignIn);
        }
    }

    public static void RecordEntraSignIn(bool succeeded) => SignIns.Add(1, Entra, succeeded ? Succeeded : Failed);

    /// <summary>A wrong second-factor code; <paramref name="method"/> is a fixed method name such as <c>totp</c> or <c>sms</c>.</summary>
    public static void RecordMfaFailure(string method) => MfaFailures.Add(1, new KeyValuePair<string, object?>("method", method));

    /// <summary><paramref name="limiter"/> is a fixed limit name, never a partition key.</summary>
    public static void RecordRateLimitRejection(string limiter) => RateLimitRejections.Add(1, new KeyValuePair<string, object?>("limiter", limiter));

    /// <summary><paramref name="channel"/> is one of <see cref="Channels"/>.</summary>
    public static void RecordMailFailure(string channel) => MailFailures.Add(1, new KeyValuePair<string, object?>("channel", channel));

    private static KeyValuePair<string, object?> Outcome(string value) => new("outcome", value);

    private static KeyValuePair<string, object?> Tag<TEnum>(KeyValuePair<string, object?>[] cached, int index, string key, TEnum value)
        where TEnum : struct, Enum =>
        (uint)index < (uint)cached.Length && cached[index].Value is not null ? cached[index] : new(key, SnakeCase(value.ToString()));

    /// <summary>Tags indexed by the enum's value (0, 1, ...), named in snake case: <c>WrongPassword</c> is <c>wrong_password</c>.</summary>
    private static KeyValuePair<string, object?>[] EnumTags<TEnum>(string key)
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var tags = new KeyValuePair<string, object?>[values.Length == 0 ? 0 : values.Max(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)) + 1];
        foreach (var value in values)
        {
            var index = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
            if (index >= 0)
            {
                tags[index] = new(key, SnakeCase(value.ToString()));
            }
        }

        return tags;
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
