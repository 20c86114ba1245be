using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AppPasswords.Checkpassword;

/// <summary>How the verify API answered, reduced to what Dovecot needs.</summary>
internal abstract record VerifyOutcome
{
    /// <summary>200: the app password is valid for this protocol; <paramref name="UserPrincipalName"/> is the canonical login name.</summary>
    public sealed record Accepted(string UserPrincipalName) : VerifyOutcome;

    /// <summary>401 or 400: wrong, revoked, expired or out-of-scope password, unknown user, malformed request.</summary>
    public sealed record Rejected : VerifyOutcome;

    /// <summary>Anything that is not the user's fault: unreachable, timeout, 5xx, 429, 403 (our key), unreadable answer.</summary>
    public sealed record TemporaryFailure(string Reason) : VerifyOutcome;
}

/// <summary>Calls <c>POST /api/v1/app-passwords/verify</c> with the service key as bearer token.</summary>
internal sealed class VerifyClient(HttpMessageInvoker http, AdapterConfiguration configuration)
{
    public async Task<VerifyOutcome> VerifyAsync(string serviceKey, string user, string password, string protocol, string? remoteIp, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.VerifyUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        request.Content = new ByteArrayContent(WriteBody(user, password, protocol, remoteIp));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(configuration.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                    var upn = ReadUserPrincipalName(body);
                    return upn is null
                        ? new VerifyOutcome.TemporaryFailure("verify API answered 200 without userPrincipalName")
                        : new VerifyOutcome.Accepted(upn);
                case HttpStatusCode.Unauthorized:
                case HttpStatusCode.BadRequest:
                    return new VerifyOutcome.Rejected();
                case HttpStatusCode.Forbidden:
                    return new VerifyOutcome.TemporaryFailure("verify API refused the service key (403); create a new one with 'service-keys create'");
                default:
                    return new VerifyOutcome.TemporaryFailure($"verify API answered {(int)response.StatusCode}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new VerifyOutcome.TemporaryFailure($"verify API did not answer within {configuration.Timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException e)
        {
            return new VerifyOutcome.TemporaryFailure($"verify API unreachable ({e.HttpRequestError})");
        }
    }

    internal static byte[] WriteBody(string user, string password, string protocol, string? remoteIp)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("user", user);
            json.WriteString("password", password);
            json.WriteString("protocol", protocol);
            if (!string.IsNullOrEmpty(remoteIp))
            {
                json.WriteString("remoteIp", remoteIp);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal static string? ReadUserPrincipalName(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUpn = reader.ValueTextEquals("userPrincipalName"u8);
                reader.Read();
                if (isUpn && reader.TokenType == JsonTokenType.String)
                {
                    var upn = reader.GetString();
                    return string.IsNullOrWhiteSpace(upn) || upn.Any(char.IsControl) ? null : upn;
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
