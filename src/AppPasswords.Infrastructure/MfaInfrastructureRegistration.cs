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
        services.AddScoped<IVerificationCodeService, VerificationCodeService>();
        services.AddScoped<IMfaMethodService, MfaMethodService>();
        services.AddScoped<IContactMethodService, ContactMethodService>();
        services.AddScoped<IMfaRegistrationQuery, MfaRegistrationQuery>();
        services.TryAddSingleton<IMfaSkipPolicyProvider, ConfigurationMfaSkipPolicyProvider>();
        services.AddScoped<IMfaSkipService, MfaSkipService>();
        services.AddScoped<ISecurityChangeNotifier, SecurityChangeNotifier>();
        services.AddScoped<DevelopmentOutbox>();

        var sms = configuration.GetSection(SmsOptions.SectionName).Get<SmsOptions>() ?? new SmsOptions();
        if (string.Equals(sms.Provider, "Twilio", StringComparison.OrdinalIgnoreCase))
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

        if (string.IsNullOrWhiteSpace(configuration[$"{SmtpOptions.SectionName}:Host"]))
        {
            services.AddScoped<IEmailSender>(sp => sp.GetRequiredService<DevelopmentOutbox>());
        }
        else
        {
            services.AddScoped<IEmailSender, SmtpEmailSender>();
        }

        return services;
    }
}
