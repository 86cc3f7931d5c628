using SopsNet.Tree;

namespace SopsNet.Stores.Json;

/// <summary>
/// Where a scalar token sits in the original: <see cref="Lead"/> is where its element span starts
/// (the end of the previous element, so it includes the comma; for member values it equals
/// <see cref="Start"/>), <see cref="End"/> is exclusive. Kind and text as parsed tell the writer
/// whether the node still holds the original value, in which case the token is copied verbatim.
/// </summary>
internal sealed record JsonScalarSource(JsonOriginal Original, int Lead, int Start, int End, ScalarKind Kind, string Text);
