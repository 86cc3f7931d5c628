using System.Collections.Concurrent;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SopsNet.Tests.Support;

/// <summary>
/// Discovers <see cref="ExternalToolFactAttribute"/> and <see cref="ExternalToolTheoryAttribute"/> tests
/// as xunit's own discoverers do, except that a test whose tool is missing while
/// <c>SOPSNET_REQUIRE_INTEROP=1</c> becomes one failing test naming the tool (rather than running and
/// failing on some process-start exception, or passing because it tolerated the tool's absence).
/// </summary>
public sealed class ExternalToolDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private static readonly ConcurrentDictionary<ExternalTool, bool> Announced = new();

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        if (factAttribute.GetNamedArgument<string?>(nameof(ExternalToolFactAttribute.RequiredButMissing)) is { } failure)
        {
            return [new ExecutionErrorTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, failure)];
        }

        // dotnet test's default (minimal) output shows skipped tests without their reason, but shows
        // diagnostic messages (xunit.runner.json): say once per missing tool why and how to install it.
        var missing = factAttribute.GetNamedArgument<ExternalTool[]>(nameof(ExternalToolFactAttribute.Tools)).Where(t => !ExternalTools.IsInstalled(t));
        foreach (var tool in missing.Where(t => Announced.TryAdd(t, true)))
        {
            diagnosticMessageSink.OnMessage(new DiagnosticMessage(
                $"{ExternalTools.Describe(tool)}: the tests that drive it are skipped; {ExternalTools.RequireVariable}=1 makes them fail"));
        }

        IXunitTestCaseDiscoverer xunits = factAttribute is IReflectionAttributeInfo { Attribute: TheoryAttribute }
            ? new TheoryDiscoverer(diagnosticMessageSink)
            : new FactDiscoverer(diagnosticMessageSink);
        return xunits.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
