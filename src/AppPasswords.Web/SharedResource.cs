namespace AppPasswords.Web;

/// <summary>Marker for messages produced in C# (<c>Resources/SharedResource.resx</c>, keys prefixed by feature).</summary>
#pragma warning disable CA1052 // A marker type for IStringLocalizer<SharedResource>; never instantiated.
public sealed class SharedResource;
#pragma warning restore CA1052
