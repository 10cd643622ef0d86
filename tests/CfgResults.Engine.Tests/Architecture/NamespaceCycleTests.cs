using System.Reflection;
using System.Reflection.Emit;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Tests.Architecture;

/// <summary>
/// The engine's folders depend on each other one way: a namespace that uses another is never used by it,
/// directly or through others. Dependencies are read from the compiled assembly: signatures (base types,
/// interfaces, fields, properties, parameters, return types, attributes) and every type or member a
/// method body names (IL metadata tokens), so a helper called from inside a method counts too.
/// </summary>
public sealed class NamespaceCycleTests
{
    const string Root = "CfgResults.Engine";

    [Fact]
    public void The_engine_namespaces_have_no_cycle()
    {
        var graph = EngineNamespaceGraph(typeof(Runner).Assembly);
        var cycles = Cycles(graph);
        Assert.True(cycles.Count == 0, "cycles entre espaces de noms :" + Environment.NewLine + string.Join(Environment.NewLine,
            cycles.Select(c => string.Join(" → ", c) + Explain(graph, c))));
    }

    [Fact]
    public void The_cycle_finder_sees_a_cycle_through_a_method_body()
    {
        // A tiny graph with a three-step cycle: the finder must report it.
        var graph = new Dictionary<string, Dictionary<string, string>>
        {
            ["A"] = new() { ["B"] = "x" }, ["B"] = new() { ["C"] = "y" }, ["C"] = new() { ["A"] = "z" }, ["D"] = new() { ["A"] = "w" },
        };
        var cycle = Assert.Single(Cycles(graph));
        Assert.Equal(["A", "B", "C", "A"], cycle);
        // And the engine graph does see calls made inside method bodies (Runner.ExecuteAsync's state machine reads RunStore).
        Assert.Contains("Running", EngineNamespaceGraph(typeof(Runner).Assembly).Keys);
    }

    static string Explain(Dictionary<string, Dictionary<string, string>> graph, IReadOnlyList<string> cycle) =>
        " (" + string.Join(" ; ", cycle.Zip(cycle.Skip(1), (a, b) => $"{a}→{b} par {graph[a][b]}")) + ")";

    /// <summary>Namespace (below CfgResults.Engine) → namespaces it uses, each with one example of the use.</summary>
    internal static Dictionary<string, Dictionary<string, string>> EngineNamespaceGraph(Assembly assembly)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var from = Area(type);
            if (from is null) continue;
            if (!graph.TryGetValue(from, out var edges)) graph[from] = edges = new(StringComparer.Ordinal);
            foreach (var (used, why) in Uses(type))
            {
                var to = Area(used);
                if (to is null || to == from || edges.ContainsKey(to)) continue;
                edges[to] = $"{type.FullName} ({why} {used.FullName})";
            }
        }
        return graph;
    }

    /// <summary>The first segment below CfgResults.Engine (`Running` for CfgResults.Engine.Running.Foo+Bar).</summary>
    static string? Area(Type type)
    {
        while (type.IsArray || type.IsByRef || type.IsPointer) type = type.GetElementType()!;
        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith(Root + ".", StringComparison.Ordinal)) return null;
        if (type.Assembly.GetName().Name != Root) return null;
        var rest = ns[(Root.Length + 1)..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    static IEnumerable<(Type Used, string Why)> Uses(Type type)
    {
        if (type.BaseType is { } b) foreach (var t in Expand(b)) yield return (t, "hérite de");
        foreach (var i in type.GetInterfaces()) foreach (var t in Expand(i)) yield return (t, "implémente");
        foreach (var a in type.GetCustomAttributesData()) yield return (a.AttributeType, "attribut");
        foreach (var f in type.GetFields(All)) foreach (var t in Expand(f.FieldType)) yield return (t, "champ " + f.Name);
        foreach (var p in type.GetProperties(All)) foreach (var t in Expand(p.PropertyType)) yield return (t, "propriété " + p.Name);
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) foreach (var t in Expand(mi.ReturnType)) yield return (t, m.Name + " renvoie");
            foreach (var p in m.GetParameters())
            {
                foreach (var t in Expand(p.ParameterType)) yield return (t, m.Name + " reçoit");
                foreach (var a in p.GetCustomAttributesData()) yield return (a.AttributeType, m.Name + " attribut");
            }
            foreach (var t in BodyUses(m)) yield return (t, m.Name + " utilise");
        }
    }

    static IEnumerable<Type> Expand(Type t)
    {
        while (t.IsArray || t.IsByRef || t.IsPointer) t = t.GetElementType()!;
        yield return t;
        if (t.IsGenericType && !t.IsGenericTypeDefinition)
            foreach (var arg in t.GetGenericArguments())
                foreach (var x in Expand(arg)) yield return x;
    }

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Every type named by a metadata token in the method's IL (types, and the declaring types of members).</summary>
    static IEnumerable<Type> BodyUses(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException) { il = null; }
        if (il is null) yield break;
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[i++]));
            if (!OpCodesByValue.TryGetValue(value, out var op)) yield break;
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    var token = BitConverter.ToInt32(il, i);
                    i += 4;
                    MemberInfo? member = null;
                    try { member = module.ResolveMember(token, typeArgs, methodArgs); }
                    catch (ArgumentException) { }
                    if (member is Type t) foreach (var x in Expand(t)) yield return x;
                    else if (member?.DeclaringType is { } owner)
                    {
                        foreach (var x in Expand(owner)) yield return x;
                        if (member is MethodInfo { IsGenericMethod: true } gm)
                            foreach (var a in gm.GetGenericArguments()) foreach (var x in Expand(a)) yield return x;
                    }
                    break;
                default: i += 4; break; // InlineI, InlineBrTarget, InlineString, InlineSig, ShortInlineR
            }
        }
    }

    /// <summary>The elementary cycles found by a depth-first search, each written from its smallest name, without repeats.</summary>
    internal static List<List<string>> Cycles(Dictionary<string, Dictionary<string, string>> graph)
    {
        var found = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            var path = new List<string> { start };
            void Walk(string node)
            {
                if (!graph.TryGetValue(node, out var next)) return;
                foreach (var to in next.Keys.Order(StringComparer.Ordinal))
                {
                    if (to == start)
                    {
                        var cycle = path.Append(start).ToList();
                        var key = string.Join(">", cycle);
                        if (path.All(p => string.CompareOrdinal(p, start) >= 0)) found.TryAdd(key, cycle);
                    }
                    else if (!path.Contains(to) && string.CompareOrdinal(to, start) > 0 && path.Count < 6)
                    {
                        path.Add(to);
                        Walk(to);
                        path.RemoveAt(path.Count - 1);
                    }
                }
            }
            Walk(start);
        }
        return found.Values.ToList();
    }
}
