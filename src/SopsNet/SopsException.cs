namespace SopsNet;

/// <summary>
/// The one exception type a caller of SopsNet needs to catch. <see cref="Error"/> is sops's exit code for
/// the failure; <see cref="File"/>, <see cref="Line"/>, <see cref="Column"/> and <see cref="TreePath"/> say
/// where, when that is known. The message is one lower-case line and never contains a secret or
/// plaintext value. The more specific types (<c>StoreException</c>, <c>KeyUnwrapException</c>,
/// <c>TreeEditException</c>, <c>CryptographicFailure</c>, <c>AgeException</c>) derive from it.
/// </summary>
public class SopsException(SopsError error, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What went wrong, numbered as sops's exit codes.</summary>
    public SopsError Error { get; } = error;

    /// <summary>The file the error is about, when known; the message then starts with it.</summary>
    public string? File { get; init; }

    /// <summary>1-based line in the file, 0 when unknown.</summary>
    public int Line { get; init; }

    /// <summary>1-based column in the file, 0 when unknown.</summary>
    public int Column { get; init; }

    /// <summary>
    /// The tree path (e.g. <c>["db"]["password"]</c>) where it went wrong, when it is not already part of
    /// the message.
    /// </summary>
    public string? TreePath { get; init; }

    /// <summary>
    /// This error as seen from <paramref name="file"/>: the same code and place, with a message that
    /// starts with the file, line and column and tree path (<c>secrets.yaml:3:5: ["db"]: reason</c>).
    /// An error that already names its file is returned as it is.
    /// </summary>
    public SopsException InFile(string file) =>
        File is not null ? this : new SopsException(Error, Where(file) + Message, this)
        {
            File = file,
            Line = Line,
            Column = Column,
            TreePath = TreePath,
        };

    /// <summary>"file:line:column: path: " for the message of <see cref="InFile"/>.</summary>
    private string Where(string file) =>
        file + (Line > 0 ? $":{Line}:{Column}" : "") + ": " + (TreePath is null ? "" : TreePath + ": ");
}
