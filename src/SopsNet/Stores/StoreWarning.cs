namespace SopsNet.Stores;

/// <summary>
/// A value that sops compatibility forces to change spelling or style (an unquoted date becomes
/// RFC 3339, an alias is expanded, ...). <see cref="Message"/> never contains a value, only its path.
/// </summary>
public sealed record StoreWarning(int Line, int Column, string Path, string Message);
