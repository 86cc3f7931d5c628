namespace SopsNet.Tests.Age;

/// <summary>
/// A fact that needs the age-encryption npm package: skipped with the install hint when it is missing,
/// unless SOPSNET_REQUIRE_INTEROP=1, where it runs and fails with that hint.
/// </summary>
public sealed class AgeNpmFactAttribute : FactAttribute
{
    public AgeNpmFactAttribute()
    {
        if (AgeNpm.Missing is { } why && !AgeNpm.Required)
        {
            Skip = why + " (SOPSNET_REQUIRE_INTEROP=1 makes this a failure)";
        }
    }
}
