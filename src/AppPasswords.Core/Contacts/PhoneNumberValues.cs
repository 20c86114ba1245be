using PhoneNumbers;

namespace AppPasswords.Core.Contacts;

/// <summary>Validation, E.164 normalisation and masking of phone numbers (libphonenumber).</summary>
public static class PhoneNumberValues
{
    private const int MaxInputLength = 32;
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Region codes (ISO 3166 alpha-2) with their calling code, for the country picker.</summary>
    public static IReadOnlyList<(string Region, int CallingCode)> Regions { get; } =
        [.. Util.GetSupportedRegions().Order(StringComparer.Ordinal).Select(r => (r, Util.GetCountryCodeForRegion(r)))];

    /// <summary>
    /// Parses <paramref name="input"/> (national format for <paramref name="region"/>, or international with +)
    /// and returns the E.164 form when it is a valid number.
    /// </summary>
    public static bool TryNormalize(string? input, string? region, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxInputLength)
        {
            return false;
        }

        var regionCode = string.IsNullOrWhiteSpace(region) ? "ZZ" : region.Trim().ToUpperInvariant();
        if (regionCode != "ZZ" && !Util.GetSupportedRegions().Contains(regionCode))
        {
            return false;
        }

        try
        {
            var number = Util.Parse(input, regionCode);
            if (!Util.IsValidNumber(number))
            {
                return false;
            }

            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary><c>+1 ••• ••• 1234</c>: the calling code and the last four digits only.</summary>
    public static string Mask(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        try
        {
            var number = Util.Parse(e164, "ZZ");
            var national = Util.GetNationalSignificantNumber(number);
            var last = national.Length > 4 ? national[^4..] : national;
            return $"+{number.CountryCode} ••• ••• {last}";
        }
        catch (NumberParseException)
        {
            return "•••";
        }
    }
}
