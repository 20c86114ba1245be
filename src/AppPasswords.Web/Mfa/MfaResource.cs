namespace AppPasswords.Web.Mfa;

/// <summary>
/// Strings produced in C# by the MFA feature (ModelState errors, status messages, emails and SMS):
/// <c>Resources/Mfa/MfaResource*.resx</c>. Kept apart from SharedResource while features are built in parallel.
/// </summary>
public sealed class MfaResource;
