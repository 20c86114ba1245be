using AppPasswords.Core.MailClients;
using Microsoft.Extensions.Options;

namespace AppPasswords.Web.Api;

/// <summary>
/// Anonymous mail client discovery: Thunderbird autoconfig and Outlook autodiscover (POX). Clients fetch these before
/// anyone signs in, so they carry only the public server settings from <c>MailServers</c>, never a secret.
/// 404 while <c>MailServers</c> is not configured.
/// </summary>
internal static class MailClientSetupEndpoints
{
    private const string XmlContentType = "application/xml; charset=utf-8";

    public static IEndpointRouteBuilder MapMailClientSetupEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/.well-known/autoconfig/mail/config-v1.1.xml", Autoconfig).AllowAnonymous();
        endpoints.MapGet("/mail/config-v1.1.xml", Autoconfig).AllowAnonymous();
        // Outlook POSTs an XML document; it is not a form, so antiforgery does not apply (no cookie is read either).
        endpoints.MapMethods("/autodiscover/autodiscover.xml", [HttpMethods.Get, HttpMethods.Post], AutodiscoverAsync)
            .AllowAnonymous()
            .DisableAntiforgery();
        return endpoints;
    }

    private static IResult Autoconfig(HttpContext context, IOptionsSnapshot<MailServerOptions> options)
    {
        var servers = options.Value;
        if (!servers.IsConfigured)
        {
            return Results.NotFound();
        }

        // Thunderbird sends ?emailaddress=; it is optional, but when present it must be an address of our domain.
        if (context.Request.Query.TryGetValue("emailaddress", out var address)
            && (address.Count != 1 || !servers.IsAddressInDomain(address[0])))
        {
            return Results.BadRequest();
        }

        return Results.Bytes(ThunderbirdAutoconfigBuilder.Build(servers), XmlContentType);
    }

    private static async Task<IResult> AutodiscoverAsync(HttpContext context, IOptionsSnapshot<MailServerOptions> options)
    {
        var servers = options.Value;
        if (!servers.IsConfigured)
        {
            return Results.NotFound();
        }

        string? emailAddress;
        if (HttpMethods.IsPost(context.Request.Method))
        {
            if (context.Request.ContentLength > OutlookAutodiscoverBuilder.MaxRequestBytes)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            using var body = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (body.Length + read > OutlookAutodiscoverBuilder.MaxRequestBytes)
                {
                    return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
                }

                body.Write(buffer, 0, read);
            }

            body.Position = 0;
            emailAddress = OutlookAutodiscoverBuilder.ReadEmailAddress(body);
        }
        else
        {
            emailAddress = context.Request.Query["emailaddress"].Count == 1 ? context.Request.Query["emailaddress"][0] : null;
        }

        if (!servers.IsAddressInDomain(emailAddress))
        {
            return Results.BadRequest();
        }

        return Results.Bytes(OutlookAutodiscoverBuilder.Build(servers, emailAddress!), XmlContentType);
    }
}
