using System.Text.Json;
using System.Text.Json.Serialization;

namespace AppPasswords.Web.Api;

/// <summary>Body of <c>POST /api/v1/app-passwords/verify</c>.</summary>
/// <param name="User">User principal name or local user name as typed into the mail client.</param>
/// <param name="Password">The app password, any case, spaces optional.</param>
/// <param name="Protocol">One of imap, smtp, pop3, eas, dav.</param>
/// <param name="RemoteIp">The mail client's address, optional.</param>
public sealed record VerifyRequest(string User, string Password, string Protocol, string? RemoteIp);

/// <summary>The app password is valid for this user and protocol.</summary>
public sealed record VerifyResponse(Guid UserId, string UserPrincipalName, string AppPasswordId);

/// <summary><c>invalid_request</c>, <c>invalid_credentials</c>, <c>invalid_service_key</c> or <c>rate_limited</c>.</summary>
public sealed record ErrorResponse(string Error);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(VerifyResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class VerifyApiJson : JsonSerializerContext;
