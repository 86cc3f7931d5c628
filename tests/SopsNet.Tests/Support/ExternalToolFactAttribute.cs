using Xunit.Sdk;

namespace SopsNet.Tests.Support;

/// <summary>
/// A fact that drives external tools: skipped, with the reason and the install command, when one is
/// missing; failed instead under <c>SOPSNET_REQUIRE_INTEROP=1</c>. Decided at discovery, once per test.
/// </summary>
[XunitTestCaseDiscoverer("SopsNet.Tests.Support.ExternalToolDiscoverer", "SopsNet.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ExternalToolFactAttribute : FactAttribute
{
    public ExternalToolFactAttribute(params ExternalTool[] tools)
    {
        Tools = tools;
        Skip = ExternalTools.SkipReason(tools);
        RequiredButMissing = ExternalTools.RequiredButMissing(tools);
    }

    public ExternalTool[] Tools { get; }

    /// <summary>Read by <see cref="ExternalToolDiscoverer"/>: the failure to report instead of running.</summary>
    public string? RequiredButMissing { get; }
}
