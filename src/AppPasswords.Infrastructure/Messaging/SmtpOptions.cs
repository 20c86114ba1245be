using Microsoft.Extensions.Configuration;

namespace AppPasswords.Infrastructure.Messaging;

public enum SmtpTlsMode
{
    None,
    StartTls,
    SslOnConnect,
    Auto,
}

/// <summary>Configuration section <c>Smtp</c>; an empty <see cref="Host"/> selects the development outbox.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpTlsMode TlsMode { get; set; } = SmtpTlsMode.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "AppPasswords <no-reply@localhost>";

    /// <summary>Whether <c>Smtp:Host</c> is set, so mail is sent over SMTP rather than stored in the development outbox.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?[$"{SectionName}:Host"]);
}

/// <summary>Configuration section <c>Sms</c>; <c>Provider=Twilio</c> sends through Twilio, anything else uses the development outbox.</summary>
public sealed class SmsOptions
{
    public const string SectionName = "Sms";

    public string? Provider { get; set; }

    public TwilioOptions Twilio { get; set; } = new();

    public bool IsTwilio => string.Equals(Provider, "Twilio", StringComparison.OrdinalIgnoreCase);
}

public sealed class TwilioOptions
{
    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>Sending number (E.164) or messaging service id.</summary>
    public string? From { get; set; }
}
