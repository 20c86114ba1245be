namespace AppPasswords.Web;

/// <summary>
/// Marker for the resources shared by C# code: DataAnnotations messages, ModelState errors, status messages
/// (<c>IStringLocalizer&lt;SharedResource&gt;</c>, files <c>Resources/SharedResource*.resx</c>).
/// Keys are prefixed with their feature, e.g. <c>Mfa.CodeInvalid</c>.
/// </summary>
public sealed class SharedResource;
