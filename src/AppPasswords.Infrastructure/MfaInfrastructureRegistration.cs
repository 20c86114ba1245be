using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Notifications;
using AppPasswords.Infrastructure.Messaging;
using AppPasswords.Infrastructure.Mfa;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppPasswords.Infrastructure;

public static class MfaInfrastructureRegistration
{
    /// <summary>
    /// MFA methods, contacts, one-time codes, security notifications and the SMS/email senders:
    /// Twilio when <c>Sms:Provider=Twilio</c>, MailKit SMTP when <c>Smtp:Host</c> is set, otherwise the development outbox.
    /// </summary>
    public static IServiceCollection AddMfaInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MfaOptions>().BindConfiguration(MfaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName);
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.SectionName);

        services.AddSingleton<ITotpSeedProtector, DataProtectionTotpSeedProtector>();
        services.TryAddSingleton<ISecurityMessageComposer, PlainSecurityMessageComposer>();
        services.AddScoped<ISecondFactorAttempts, SecondFactorAttempts>();
        services.AddScoped<IVerificationCodeService, VerificationCodeService>();
        services.AddScoped<IMfaMethodService, MfaMethodService>();
        services.AddScoped<IContactMethodService, ContactMethodService>();
        services.AddScoped<IMfaRegistrationQuery, MfaRegistrationQuery>();
        services.TryAddSingleton<IMfaSkipPolicyProvider, ConfigurationMfaSkipPolicyProvider>();
        services.AddScoped<IMfaSkipService, MfaSkipService>();
        services.AddScoped<ISecurityChangeNotifier, SecurityChangeNotifier>();
        services.AddScoped<DevelopmentOutbox>();

        var sms = configuration.GetSection(SmsOptions.SectionName).Get<SmsOptions>() ?? new SmsOptions();
        if (sms.IsTwilio)
        {
            if (string.IsNullOrWhiteSpace(sms.Twilio.AccountSid) || string.IsNullOrWhiteSpace(sms.Twilio.AuthToken) || string.IsNullOrWhiteSpace(sms.Twilio.From))
            {
                throw new InvalidOperationException("Sms:Provider is Twilio but Sms:Twilio:AccountSid, AuthToken or From is empty.");
            }

            services.AddScoped<ISmsSender, TwilioSmsSender>();
        }
        else
        {
            services.AddScoped<ISmsSender>(sp => sp.GetRequiredService<DevelopmentOutbox>());
        }

        if (!SmtpOptions.IsConfigured(configuration))
        {
            services.AddScoped<IEmailSender>(sp => sp.GetRequiredService<DevelopmentOutbox>());
        }
        else
        {
            services.AddScoped<IEmailSender, SmtpEmailSender>();
        }

        return services;
    }

    /// <summary>
    /// The settings missing for real delivery, one entry per channel that would use the development outbox
    /// (empty when both SMTP and SMS providers are configured).
    /// </summary>
    public static IReadOnlyList<string> DevelopmentOutboxChannels(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var missing = new List<string>();
        if (!SmtpOptions.IsConfigured(configuration))
        {
            missing.Add($"{SmtpOptions.SectionName}:Host (email)");
        }

        if (!(configuration.GetSection(SmsOptions.SectionName).Get<SmsOptions>() ?? new SmsOptions()).IsTwilio)
        {
            missing.Add($"{SmsOptions.SectionName}:Provider=Twilio with Sms:Twilio:AccountSid, AuthToken and From (SMS)");
        }

        return missing;
    }
}
