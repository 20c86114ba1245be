using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace AppPasswords.Web.Hosting;

/// <summary>English (default) and Simplified Chinese; the culture cookie wins over Accept-Language.</summary>
internal static class LocalizationSetup
{
    public const string DefaultCulture = "en";

    public static readonly IReadOnlyList<CultureInfo> SupportedCultures =
        [CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("zh-CN")];

    /// <summary>The supported culture named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static CultureInfo? FindSupported(string? name) =>
        SupportedCultures.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(DefaultCulture);
            o.SupportedCultures = [.. SupportedCultures];
            o.SupportedUICultures = [.. SupportedCultures];
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
                new ChineseScriptRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>
    /// Browsers also send <c>zh</c>, <c>zh-Hans</c> or <c>zh-SG</c>; parent-culture fallback never reaches
    /// <c>zh-CN</c> from those, so any Simplified Chinese preference maps to it here.
    /// </summary>
    private sealed class ChineseScriptRequestCultureProvider : RequestCultureProvider
    {
        private static readonly string[] Simplified = ["zh", "zh-hans", "zh-sg", "zh-hans-cn", "zh-hans-sg"];

        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            foreach (var language in httpContext.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1))
            {
                var tag = language.Value.Value;
                if (tag is not null && Simplified.Contains(tag, StringComparer.OrdinalIgnoreCase))
                {
                    return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult("zh-CN"));
                }
            }

            return NullProviderCultureResult;
        }
    }
}
