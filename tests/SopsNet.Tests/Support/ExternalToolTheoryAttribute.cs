using Xunit.Sdk;

namespace SopsNet.Tests.Support;

/// <summary>The theory form of <see cref="ExternalToolFactAttribute"/> (a skipped theory shows as one skipped test).</summary>
[XunitTestCaseDiscoverer("SopsNet.Tests.Support.ExternalToolDiscoverer", "SopsNet.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ExternalToolTheoryAttribute : TheoryAttribute
{
    public ExternalToolTheoryAttribute(params ExternalTool[] tools)
    {
        Tools = tools;
        Skip = ExternalTools.SkipReason(tools);
        RequiredButMissing = ExternalTools.RequiredButMissing(tools);
    }

    public ExternalTool[] Tools { get; }

    /// <summary>Read by <see cref="ExternalToolDiscoverer"/>: the failure to report instead of running.</summary>
    public string? RequiredButMissing { get; }
}
