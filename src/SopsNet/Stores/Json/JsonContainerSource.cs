namespace SopsNet.Stores.Json;

/// <summary>
/// Where an object or array sits in the original. <see cref="Start"/> is the bracket, <see cref="End"/>
/// is just past the closing bracket, <see cref="FirstItemStart"/> is where the first member's key (or
/// first element) begins (-1 when empty), and <see cref="TailStart"/> is the end of the last item's
/// value (or just past the opening bracket when empty): the whitespace from there to the closing
/// bracket is kept whatever happens to the items.
/// </summary>
internal sealed record JsonContainerSource(JsonOriginal Original, int Lead, int Start, int End, int FirstItemStart, int TailStart);
