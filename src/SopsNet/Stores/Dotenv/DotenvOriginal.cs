using System.Collections.Immutable;
using SopsNet.Stores.Flat;

namespace SopsNet.Stores.Dotenv;

/// <summary>The parsed original: its text, every item's source, and the metadata lines to drop on write.</summary>
internal sealed record DotenvOriginal(LineText Text, ImmutableArray<DotenvSource> Items, ImmutableArray<(int Start, int Next)> MetadataLines);
