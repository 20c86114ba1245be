using System.Net;
using System.Text.RegularExpressions;

namespace AppPasswords.Testing;

/// <summary>
/// What a browser holds after loading a page with a form: the antiforgery cookie and the form's token.
/// For tests that post forms with a cookie-less <see cref="PortalHost.CreateRawClient"/>.
/// </summary>
public sealed partial record AntiforgeryForm(string CookieHeader, string Token)
{
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>GETs <paramref name="path"/> and takes the first form token on it and the cookies the response set.</summary>
    public static async Task<AntiforgeryForm> LoadAsync(HttpClient client, string path, string? cookieHeader = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (cookieHeader is not null)
        {
            request.Headers.Add("Cookie", cookieHeader);
        }

        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var html = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var match = TokenInput().Match(html);
        if (!match.Success)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} without an antiforgery token.");
        }

        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';', 2)[0])
            : [];
        var all = string.Join("; ", (cookieHeader is null ? cookies : cookies.Prepend(cookieHeader)));
        return new AntiforgeryForm(all, WebUtility.HtmlDecode(match.Groups[1].Value));
    }

    /// <summary>A POST of <paramref name="fields"/> plus the token, carrying the cookies.</summary>
    public HttpRequestMessage Post(string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(fields.Append(new(TokenField, Token))),
        };
        request.Headers.Add("Cookie", CookieHeader);
        return request;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
