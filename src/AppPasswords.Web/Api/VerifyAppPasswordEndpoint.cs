using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using AppPasswords.Core.AppPasswords;
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
        endpoints.MapPost(Route, VerifyAsync)
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
            .Produces<ErrorResponse>(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    private static async Task<IResult> VerifyAsync(
        HttpContext http,
        IAuthenticateServiceKeyQuery serviceKeys,
        IVerifyAppPasswordCommand verify,
        VerifyApiRateLimiter limiter,
        CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var serviceKeyId = await serviceKeys.AuthenticateAsync(BearerToken(http.Request), cancellationToken);
        if (serviceKeyId is null)
        {
            return Error(StatusCodes.Status403Forbidden, "invalid_service_key");
        }

        var request = await ReadRequestAsync(http, cancellationToken);
        if (request is null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request");
        }

        if (limiter.TryAcquire(serviceKeyId.Value, request.User, request.RemoteIp) is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Error(StatusCodes.Status429TooManyRequests, "rate_limited");
        }

        var result = await verify.VerifyAsync(
            new VerifyAppPasswordRequest(request.User, request.Password, request.Protocol, request.RemoteIp, serviceKeyId),
            cancellationToken);
        return result.Succeeded
            ? Results.Json(new VerifyResponse(result.UserId, result.UserPrincipalName!, result.AppPasswordId.ToString()), VerifyApiJson.Default.VerifyResponse)
            : Error(StatusCodes.Status401Unauthorized, "invalid_credentials");
    }

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

    private static ParsedRequest? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !TryGetString(root, "user", MaxUserLength, out var user) || user!.Trim().Length == 0
                || !TryGetString(root, "password", MaxPasswordLength, out var password) || password!.Length == 0
                || !TryGetString(root, "protocol", 8, out var protocolName) || !AppPasswordProtocolNames.TryParse(protocolName, out var protocol))
            {
                return null;
            }

            string? remoteIp = null;
            if (root.TryGetProperty("remoteIp", out var ipElement) && ipElement.ValueKind != JsonValueKind.Null)
            {
                if (ipElement.ValueKind != JsonValueKind.String || !IPAddress.TryParse(ipElement.GetString(), out var address))
                {
                    return null;
                }

                remoteIp = (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
            }

            return new ParsedRequest(user.Trim(), password, protocol, remoteIp);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryGetString(JsonElement root, string name, int maxLength, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return value is not null && value.Length <= maxLength;
    }

    private static IResult Error(int statusCode, string error) =>
        Results.Json(new ErrorResponse(error), VerifyApiJson.Default.ErrorResponse, statusCode: statusCode);
}
