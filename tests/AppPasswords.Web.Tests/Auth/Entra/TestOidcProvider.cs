using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AppPasswords.Web.Tests.Auth.Entra;

/// <summary>
/// An OpenID Connect provider shaped like Entra ID v2.0, on loopback over HTTPS with an ephemeral self-signed
/// certificate: metadata whose issuer is the Entra template <c>https://host/{tenantid}/v2.0</c>, authorization code
/// flow with PKCE and form_post, RS256 id tokens carrying tid, oid, name, preferred_username, email, roles and amr,
/// and an end-session endpoint. It signs in <see cref="NextUser"/> without a login form. Sets no cookies.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, PendingCode> codes = new(StringComparer.Ordinal);
    private readonly RsaSecurityKey signingKey = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private WebApplication? app;

    public TestOidcProvider()
    {
        Certificate = CreateCertificate();
    }

    public X509Certificate2 Certificate { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The <c>AzureAd:Instance</c> value for the portal.</summary>
    public string Instance => BaseAddress.AbsoluteUri;

    /// <summary>Who the next authorization request signs in.</summary>
    public TestUser NextUser { get; set; } = new("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "Ada Lovelace", "ada@contoso.test", "ada@contoso.test", []);

    public int EndSessionRequests { get; private set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(Certificate)));
        app = builder.Build();
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", Metadata);
        app.MapGet("/common/discovery/instance", (HttpContext c) => Results.Json(new { tenant_discovery_endpoint = Url(c, "common/v2.0/.well-known/openid-configuration") }));
        app.MapGet("/discovery/v2.0/keys", Keys);
        app.MapGet("/{tenant}/oauth2/v2.0/authorize", Authorize);
        app.MapPost("/{tenant}/oauth2/v2.0/token", TokenAsync);
        app.MapGet("/{tenant}/oauth2/v2.0/logout", Logout);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    /// <summary>A handler that trusts this provider's certificate (and only it), for back channels and test clients.</summary>
    public HttpClientHandler CreateTrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && cert.Thumbprint == Certificate.Thumbprint,
    };

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        Certificate.Dispose();
    }

    private string Url(HttpContext context, string path) => BaseAddress.AbsoluteUri + path;

    private IResult Metadata(HttpContext context, string tenant) => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = BaseAddress.AbsoluteUri + "{tenantid}/v2.0",
        ["authorization_endpoint"] = Url(context, $"{tenant}/oauth2/v2.0/authorize"),
        ["token_endpoint"] = Url(context, $"{tenant}/oauth2/v2.0/token"),
        ["end_session_endpoint"] = Url(context, $"{tenant}/oauth2/v2.0/logout"),
        ["jwks_uri"] = Url(context, "discovery/v2.0/keys"),
        ["response_types_supported"] = new[] { "code", "id_token", "code id_token" },
        ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
        ["subject_types_supported"] = new[] { "pairwise" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["tenant_region_scope"] = "NA",
        ["cloud_instance_name"] = BaseAddress.Authority,
    });

    private IResult Keys()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(signingKey.Rsa.ExportParameters(false)) { KeyId = signingKey.KeyId });
        return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
    }

    private IResult Authorize(HttpContext context, string tenant)
    {
        var q = context.Request.Query;
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        codes[code] = new PendingCode(NextUser, q["client_id"].ToString(), q["redirect_uri"].ToString(), q["nonce"].ToString(), q["code_challenge"].ToString(), tenant);
        var redirectUri = q["redirect_uri"].ToString();
        var state = q["state"].ToString();
        if (string.Equals(q["response_mode"], "form_post", StringComparison.Ordinal))
        {
            var html = new StringBuilder()
                .Append("<html><body><form method=\"post\" action=\"").Append(WebUtility.HtmlEncode(redirectUri)).Append("\">")
                .Append("<input type=\"hidden\" name=\"code\" value=\"").Append(WebUtility.HtmlEncode(code)).Append("\" />")
                .Append("<input type=\"hidden\" name=\"state\" value=\"").Append(WebUtility.HtmlEncode(state)).Append("\" />")
                .Append("</form></body></html>");
            return Results.Content(html.ToString(), "text/html");
        }

        return Results.Redirect($"{redirectUri}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpContext context, string tenant)
    {
        var form = await context.Request.ReadFormAsync();
        if (!codes.TryRemove(form["code"].ToString(), out var pending)
            || !string.Equals(pending.RedirectUri, form["redirect_uri"], StringComparison.Ordinal)
            || !string.Equals(pending.ClientId, form["client_id"], StringComparison.Ordinal)
            || (pending.CodeChallenge.Length > 0 && pending.CodeChallenge != Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())))))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        var user = pending.User;
        var issuerTenant = user.IssuerTenantId ?? user.TenantId;
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["tid"] = user.TenantId,
            ["oid"] = user.ObjectId,
            ["sub"] = "sub-" + user.ObjectId,
            ["name"] = user.Name,
            ["preferred_username"] = user.PreferredUserName,
            ["email"] = user.Email,
            ["nonce"] = pending.Nonce,
            ["ver"] = "2.0",
            ["amr"] = user.Amr,
        };
        if (user.Roles.Count > 0)
        {
            claims["roles"] = user.Roles.ToArray();
        }

        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BaseAddress.AbsoluteUri + issuerTenant + "/v2.0",
            Audience = pending.ClientId,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
        _ = tenant;
        return Results.Json(new { token_type = "Bearer", expires_in = 3600, id_token = idToken, access_token = "opaque-" + Guid.NewGuid().ToString("N"), scope = "openid profile email" });
    }

    private IResult Logout(HttpContext context, string tenant)
    {
        _ = tenant;
        EndSessionRequests++;
        var target = context.Request.Query["post_logout_redirect_uri"].ToString();
        var state = context.Request.Query["state"].ToString();
        return string.IsNullOrEmpty(target) ? Results.Ok() : Results.Redirect($"{target}?state={Uri.EscapeDataString(state)}");
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(2));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private sealed record PendingCode(TestUser User, string ClientId, string RedirectUri, string Nonce, string CodeChallenge, string Tenant);
}

/// <summary>A person at the test provider. <paramref name="IssuerTenantId"/> set to another tenant forges a mismatched token.</summary>
public sealed record TestUser(string TenantId, string ObjectId, string Name, string PreferredUserName, string Email, IReadOnlyList<string> Roles, string? IssuerTenantId = null)
{
    public string[] Amr { get; init; } = ["pwd", "mfa"];
}
