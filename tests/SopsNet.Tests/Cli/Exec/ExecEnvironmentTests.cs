using SopsNet.Cli.Exec;
using SopsNet.Cli.Output;
using SopsNet.Tree;

namespace SopsNet.Tests.Cli.Exec;

/// <summary>The naming and value rules of exec-env's environment, on trees as the decryption produces them.</summary>
public sealed class ExecEnvironmentTests
{
    private static Mapping Map(params (string Key, Node Value)[] pairs) => new([.. pairs.Select(p => (Node)new Pair(p.Key, p.Value))]);

    private static Scalar S(string text) => Scalar.String(text);

    private static Dictionary<string, string> Build(EnvNaming naming, params Node[] roots)
    {
        var env = new ExecEnvironment(naming);
        foreach (var root in roots)
        {
            env.Add(root);
        }

        return env.Variables.ToDictionary();
    }

    [Theory]
    [InlineData("True")]
    [InlineData("1")]
    [InlineData("t")]
    public void Bools_become_true_or_false_whatever_their_spelling(string spelling)
    {
        var env = Build(new EnvNaming(), Map(("on", new Scalar(ScalarKind.Bool, spelling)), ("off", new Scalar(ScalarKind.Bool, "FALSE"))));

        Assert.Equal("true", env["on"]);
        Assert.Equal("false", env["off"]);
    }

    [Fact]
    public void Comments_are_skipped_and_list_indexes_count_values_only()
    {
        var root = Map(("hosts", new Sequence([new Comment(" first"), S("a"), new Comment(" second"), S("b")])), ("c", Mapping.Empty));

        Assert.Equal(new Dictionary<string, string> { ["hosts__0"] = "a", ["hosts__1"] = "b" }, Build(new EnvNaming(), root));
    }

    [Fact]
    public void Two_paths_that_make_one_name_are_an_error_naming_both()
    {
        var root = Map(("a__b", S("secret-one")), ("a", Map(("b", S("secret-two")))));

        var e = Assert.Throws<SopsException>(() => Build(new EnvNaming(), root));

        Assert.Contains("[\"a__b\"]", e.Message);
        Assert.Contains("[\"a\"][\"b\"]", e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Fact]
    public void Upper_case_collisions_are_caught_too()
    {
        var e = Assert.Throws<SopsException>(() => Build(new EnvNaming(Upper: true), Map(("db", S("x")), ("DB", S("y")))));

        Assert.Contains("DB", e.Message);
    }

    [Fact]
    public void A_later_tree_replaces_an_earlier_value_and_keeps_its_place()
    {
        var env = new ExecEnvironment(new EnvNaming());
        env.Add(Map(("x", S("1")), ("y", S("first"))));
        env.Add(Map(("z", S("3")), ("y", S("second"))));

        Assert.Equal([KeyValuePair.Create("x", "1"), KeyValuePair.Create("y", "second"), KeyValuePair.Create("z", "3")], env.Variables);
    }

    [Fact]
    public void A_nul_in_a_value_is_an_error_naming_the_path_only()
    {
        var e = Assert.Throws<SopsException>(() => Build(new EnvNaming(), Map(("k", S("secret\0value")))));

        Assert.Contains("[\"k\"]", e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Theory]
    [InlineData("a=b")]
    [InlineData("a\0b")]
    public void A_key_with_equals_or_nul_is_an_error(string key)
    {
        var e = Assert.Throws<SopsException>(() => Build(new EnvNaming(), Map(("outer", Map((key, S("hidden-value")))))));

        Assert.Contains("[\"outer\"]", e.Message);
        Assert.DoesNotContain("hidden-value", e.Message);
    }

    [Fact]
    public void A_separator_with_an_equals_sign_is_refused()
    {
        Assert.Throws<SopsException>(() => new ExecEnvironment(new EnvNaming(Separator: "=")));
    }

    [Fact]
    public void A_scalar_root_has_no_names_to_give()
    {
        var e = Assert.Throws<SopsException>(() => new ExecEnvironment(new EnvNaming()).Add(S("x"), new TreePath(["db", "port"])));

        Assert.Contains("[\"db\"][\"port\"]", e.Message);
    }
}
