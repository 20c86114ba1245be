using AppPasswords.Core.Contacts;
using AppPasswords.Core.Notifications;
using AppPasswords.Core.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace AppPasswords.Infrastructure.Messaging;

/// <summary>Sends SMS through Twilio's Messages API.</summary>
public sealed partial class TwilioSmsSender(IOptions<SmsOptions> options, ILogger<TwilioSmsSender> logger) : ISmsSender
{
    private readonly Lazy<TwilioRestClient> client = new(() =>
        new TwilioRestClient(options.Value.Twilio.AccountSid, options.Value.Twilio.AuthToken));

    public async Task SendAsync(string e164, string body, CancellationToken cancellationToken = default)
    {
        var create = new CreateMessageOptions(new PhoneNumber(e164))
        {
            From = new PhoneNumber(options.Value.Twilio.From),
            Body = body,
        };
        MessageResource message;
        try
        {
            message = await MessageResource.CreateAsync(create, client.Value);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            PortalMetrics.RecordMailFailure(PortalMetrics.Channels.Sms);
            throw;
        }

        var masked = PhoneNumberValues.Mask(e164);
        LogSent(logger, masked, message.Sid);
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "SMS to {MaskedPhone} accepted by Twilio as {MessageSid}")]
    private static partial void LogSent(ILogger logger, string maskedPhone, string messageSid);
}
