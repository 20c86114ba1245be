namespace AppPasswords.Web;

/// <summary>Marker type for the resources of messages produced in C# (<c>Resources/SharedResource.resx</c>).</summary>
public sealed class SharedResource;
