using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Observability;
using AppPasswords.Core.ServiceKeys;
using Microsoft.AspNetCore.Http.Features;

namespace AppPasswords.Web.Api;

/// <summary>
/// <c>POST /api/v1/app-passwords/verify</c>: mail servers check an app password. Authenticated by a service key
/// (bearer), not by the portal cookie; the contract is documented in docs/verify-api.md.
/// </summary>
internal static class VerifyAppPasswordEndpoint
{
    public const string Route = "/api/v1/app-passwords/verify";
    public const int MaxBodyBytes = 4096;
    private const int MaxUserLength = 256;
    private const int MaxPasswordLength = 256;

    public static IEndpointRouteBuilder MapVerifyAppPasswordApi(this IEndpointRouteBuilder endpoints)
    {
        // Passed as a Delegate, not a RequestDelegate, so the endpoint keeps its MethodInfo and appears in the OpenAPI
        // description; binding HttpContext alone costs nothing. Its metadata documents what VerifyAsync writes itself.
        endpoints.MapPost(Route, (Delegate)VerifyAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithName("VerifyAppPassword")
            .WithSummary("Verify an app password presented to a mail server")
            .WithDescription("Requires Authorization: Bearer <service key>. Every credential failure returns the same 401 body.")
            .Accepts<VerifyRequest>("application/json")
            .Produces<VerifyResponse>(StatusCodes.Status200OK)
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorResponse>(StatusCodes.Status403Forbidden)
            .Produces<ErrorResponse>(StatusCodes.Status429TooManyRequests)
            .Produces<ErrorResponse>(StatusCodes.Status503ServiceUnavailable)
            .ShortCircuit();
        return endpoints;
    }

    // The error bodies never change: written as bytes, not serialized per request.
    private static readonly byte[] InvalidServiceKeyBody = ErrorBody("invalid_service_key");
    private static readonly byte[] InvalidRequestBody = ErrorBody("invalid_request");
    private static readonly byte[] RateLimitedBody = ErrorBody("rate_limited");
    private static readonly byte[] InvalidCredentialsBody = ErrorBody("invalid_credentials");
    private static readonly byte[] RateLimitUnavailableBody = ErrorBody("rate_limit_unavailable");
    private const string UnavailableRetryAfterSeconds = "5";

    private static async Task VerifyAsync(HttpContext http)
    {
        var response = http.Response;
        response.Headers.CacheControl = "no-store";
        var services = http.RequestServices;
        var cancellationToken = http.RequestAborted;
        var serviceKeyId = await services.GetRequiredService<IAuthenticateServiceKeyQuery>().AuthenticateAsync(BearerToken(http.Request), cancellationToken);
        if (serviceKeyId is null)
        {
            PortalMetrics.RecordVerifyRefused(PortalMetrics.VerifyRefusal.InvalidServiceKey);
            WriteJson(response, StatusCodes.Status403Forbidden, InvalidServiceKeyBody);
            return;
        }

        var request = await ReadRequestAsync(http, cancellationToken);
        if (request is null)
        {
            PortalMetrics.RecordVerifyRefused(PortalMetrics.VerifyRefusal.InvalidRequest);
            WriteJson(response, StatusCodes.Status400BadRequest, InvalidRequestBody);
            return;
        }

        var limiter = services.GetRequiredService<VerifyApiRateLimiter>();
        var admission = await limiter.AdmitAsync(serviceKeyId.Value, request.User, request.RemoteIp);
        if (admission.IsUnavailable)
        {
            // Fail closed: without the shared counters the limits cannot hold, so nothing is checked (see docs/verify-api.md).
            PortalMetrics.RecordVerifyRefused(PortalMetrics.VerifyRefusal.RateLimitUnavailable);
            response.Headers.RetryAfter = UnavailableRetryAfterSeconds;
            WriteJson(response, StatusCodes.Status503ServiceUnavailable, RateLimitUnavailableBody);
            return;
        }

        if (admission.RefusedBy is not null)
        {
            PortalMetrics.RecordVerifyRefused(PortalMetrics.VerifyRefusal.RateLimited);
            WriteRateLimited(response, admission.RetryAfter);
            return;
        }

        var result = await services.GetRequiredService<IVerifyAppPasswordCommand>().VerifyAsync(
            new VerifyAppPasswordRequest(request.User, request.Password, request.Protocol, request.RemoteIp, serviceKeyId),
            cancellationToken);
        if (!result.Succeeded)
        {
            // Only failures spend the user name's budget, and a correct password is answered even after it is spent:
            // a stranger's wrong guesses for a name never lock its owner's mail clients out.
            if (admission.PeekedExhausted)
            {
                limiter.RefusedAfterFailureBudget();
                WriteRateLimited(response, admission.RetryAfter);
                return;
            }

            await limiter.CountFailureAsync(request.User);
            WriteJson(response, StatusCodes.Status401Unauthorized, InvalidCredentialsBody);
            return;
        }

        WriteJson(response, StatusCodes.Status200OK, JsonSerializer.SerializeToUtf8Bytes(
            new VerifyResponse(result.UserId, result.UserPrincipalName!, result.AppPasswordId.ToString()), VerifyApiJson.Default.VerifyResponse));
    }

    private static void WriteRateLimited(HttpResponse response, TimeSpan retryAfter)
    {
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        WriteJson(response, StatusCodes.Status429TooManyRequests, RateLimitedBody);
    }

    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Writes a whole small body without flushing, so Kestrel sends it with its Content-Length in one write.</summary>
    private static void WriteJson(HttpResponse response, int statusCode, ReadOnlySpan<byte> body)
    {
        response.StatusCode = statusCode;
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        response.BodyWriter.Write(body);
    }

    private static byte[] ErrorBody(string error) => JsonSerializer.SerializeToUtf8Bytes(new ErrorResponse(error), VerifyApiJson.Default.ErrorResponse);

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }

    private sealed record ParsedRequest(string User, string Password, AppPasswordProtocols Protocol, string? RemoteIp);

    private static async Task<ParsedRequest?> ReadRequestAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = MaxBodyBytes;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var length = 0;
            try
            {
                int read;
                while (length <= MaxBodyBytes && (read = await http.Request.Body.ReadAsync(buffer.AsMemory(length, MaxBodyBytes + 1 - length), cancellationToken)) > 0)
                {
                    length += read;
                }
            }
            catch (BadHttpRequestException)
            {
                return null;
            }

            return length is 0 or > MaxBodyBytes ? null : Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            buffer.AsSpan().Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// One pass of a <see cref="Utf8JsonReader"/> over the whole body (no document is built): a JSON object with the
    /// string members user, password and protocol and an optional remoteIp (string or null); other members are
    /// skipped, a repeated member is refused, and anything that is not valid JSON to the end is refused.
    /// </summary>
    private static ParsedRequest? Parse(ReadOnlySpan<byte> json)
    {
        string? user = null, password = null, protocolName = null, remoteIp = null;
        var remoteIpSeen = false;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var known = reader.ValueTextEquals("user"u8) ? 1
                    : reader.ValueTextEquals("password"u8) ? 2
                    : reader.ValueTextEquals("protocol"u8) ? 3
                    : reader.ValueTextEquals("remoteIp"u8) ? 4
                    : 0;
                reader.Read();
                switch (known)
                {
                    case 1 when user is null && TryReadString(ref reader, MaxUserLength, out user):
                    case 2 when password is null && TryReadString(ref reader, MaxPasswordLength, out password):
                    case 3 when protocolName is null && TryReadString(ref reader, 8, out protocolName):
                        break;
                    case 4 when !remoteIpSeen && (reader.TokenType == JsonTokenType.Null || TryReadString(ref reader, 64, out remoteIp)):
                        remoteIpSeen = true;
                        break;
                    case 0:
                        reader.Skip();
                        break;
                    default:
                        return null;
                }
            }

            // The object has ended; nothing but whitespace may follow it (Read throws on a second value).
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is valid JSON but not valid UTF-16 (a lone surrogate escape).
            return null;
        }

        if (user is null || user.Trim().Length == 0 || string.IsNullOrEmpty(password)
            || protocolName is null || !AppPasswordProtocolNames.TryParse(protocolName, out var protocol))
        {
            return null;
        }

        if (remoteIp is not null)
        {
            if (!IPAddress.TryParse(remoteIp, out var address))
            {
                return null;
            }

            remoteIp = (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
        }

        return new ParsedRequest(user.Trim(), password, protocol, remoteIp);
    }

    private static bool TryReadString(ref Utf8JsonReader reader, int maxLength, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null && value.Length <= maxLength;
    }
}
