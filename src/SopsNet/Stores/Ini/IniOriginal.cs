using System.Collections.Immutable;
using SopsNet.Stores.Flat;

namespace SopsNet.Stores.Ini;

/// <summary>
/// The parsed original: its text, every section's, key's and comment's source (to delete what is gone),
/// and the span of the <c>[sops]</c> section to drop on write (with the blank line sops puts before it).
/// </summary>
internal sealed record IniOriginal(LineText Text, ImmutableArray<object> Sources, (int Start, int End)? Metadata);
