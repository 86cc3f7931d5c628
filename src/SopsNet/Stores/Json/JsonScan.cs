namespace SopsNet.Stores.Json;

/// <summary>What a step of <see cref="JsonTopLevelMembers"/> found in the text it was given.</summary>
internal enum JsonScan
{
    /// <summary>A member starts at the returned lead: after the opening brace, or after a member and its comma.</summary>
    MemberFollows,

    /// <summary>The member was the last: the closing brace follows it.</summary>
    ObjectEnds,

    /// <summary>The text ends first; more of it may complete the step.</summary>
    NeedsMore,

    /// <summary>Not the shape of a JSON object's members.</summary>
    Invalid,
}
