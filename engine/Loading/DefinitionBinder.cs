using System.Globalization;
using System.Text.RegularExpressions;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Loading;

/// <summary>
/// Validates the YAML tree of one definition and builds the model from it. It never stops at the
/// first error: each part is checked on its own so that one pass reports everything.
/// </summary>
internal sealed partial class DefinitionBinder(
    string file, string expectedId, List<Diagnostic> diagnostics, IStepKindCatalog steps, ITemplateChecker templates)
{
    static readonly string[] TopLevelKeys = ["id", "title", "menu", "audience", "description", "parameters", "criteria", "steps"];
    static readonly string[] ParameterKeys = ["id", "label", "type", "required", "default", "options", "choices"];

    static readonly (string Name, Audience Value)[] Audiences =
        [("etablissement", Audience.School), ("gestionnaire", Audience.Manager), ("candidat", Audience.Candidate)];

    static readonly (string Name, ParameterType Value)[] ParameterTypes =
    [
        ("flag", ParameterType.Flag), ("choice", ParameterType.Choice), ("text", ParameterType.Text),
        ("date", ParameterType.Date), ("datetime", ParameterType.DateTime),
    ];

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex DefinitionIdPattern();

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex ParameterIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")]
    private static partial Regex TemplateNamePattern();

    readonly Dictionary<string, IReadOnlyList<TemplateProblem>?> checkedTemplates = new(StringComparer.Ordinal);
    int errorsAtStart;

    public WorkflowDefinition? Bind(YamlNode? root)
    {
        errorsAtStart = diagnostics.Count;
        if (root is null || root is YamlScalar { IsNull: true })
        {
            Report(new SourceLocation(file, 1, 1), DiagnosticCodes.NotOneMapping, Messages.Words.EmptyFile);
            return null;
        }
        if (root is not YamlMapping map)
        {
            if (root is not YamlRefused) Report(root.Location, DiagnosticCodes.NotOneMapping, Messages.Words.RootNotMapping);
            return null;
        }

        CheckKeys(map, TopLevelKeys, Messages.Words.AtTopLevel);
        var id = RequiredText(map, "id", Messages.Words.AtTopLevel);
        if (id is not null) CheckDefinitionId(id);
        var title = RequiredText(map, "title", Messages.Words.AtTopLevel);
        var menu = OptionalTextList(map, "menu");
        var audience = AudienceOf(map);
        var description = OptionalText(map, "description");
        var parameters = Parameters(map);
        var criteria = CriteriaList(map);
        var stepList = Steps(map, parameters);
        if (id is not null) PublicOutputs.Check(id.Value, criteria, stepList, steps, (at, code, args) => Report(at, code, args));

        if (diagnostics.Count > errorsAtStart) return null;
        return new WorkflowDefinition(id!.Value, title!.Value, menu, audience!.Value, description, parameters, criteria, stepList, map.Location);
    }

    void CheckDefinitionId(YamlScalar id)
    {
        if (!DefinitionIdPattern().IsMatch(id.Value))
            Report(id.Location, DiagnosticCodes.InvalidId, id.Value, Messages.Words.IdPattern);
        else if (id.Value != expectedId)
            Report(id.Location, DiagnosticCodes.IdNotFileName, id.Value, expectedId + ".yaml");
    }

    Audience? AudienceOf(YamlMapping map)
    {
        var value = RequiredText(map, "audience", Messages.Words.AtTopLevel);
        if (value is null) return null;
        foreach (var (name, audience) in Audiences)
            if (name == value.Value) return audience;
        var names = Audiences.Select(a => a.Name).ToArray();
        Report(value.Location, DiagnosticCodes.UnknownAudience, value.Value, Messages.DidYouMean(Suggestions.Closest(value.Value, names)), Messages.List(names));
        return null;
    }

    // ---------------------------------------------------------------- parameters

    IReadOnlyList<ParameterDefinition> Parameters(YamlMapping map)
    {
        var result = new List<ParameterDefinition>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in OptionalList(map, "parameters"))
        {
            if (AsMapping(item, "parameters") is not { } p) continue;
            CheckKeys(p, ParameterKeys, Messages.Words.InParameter);
            var id = RequiredText(p, "id", Messages.Words.InParameter);
            if (id is not null)
            {
                if (!ParameterIdPattern().IsMatch(id.Value))
                    Report(id.Location, DiagnosticCodes.InvalidId, id.Value, Messages.Words.ParameterIdPattern);
                else if (seen.TryGetValue(id.Value, out var line))
                    Report(id.Location, DiagnosticCodes.DuplicateParameter, id.Value, line);
                else
                    seen[id.Value] = id.Location.Line;
            }
            var label = RequiredText(p, "label", Messages.Words.InParameter);
            var type = ParameterTypeOf(p);
            var required = OptionalBoolean(p, "required") ?? false;
            var defaultValue = OptionalScalar(p, "default");
            var source = OptionalText(p, "options", out var sourceNode);
            var choicesEntry = p.Find("choices");
            var choices = OptionalTextList(p, "choices");

            if (type == ParameterType.Choice)
            {
                if (source is null && choicesEntry is null && id is not null)
                    Report(p.Location, DiagnosticCodes.ChoiceWithoutOptions, id.Value);
                if (source is not null && choicesEntry is not null)
                    Report(choicesEntry.Key.Location, DiagnosticCodes.OptionsOnlyForChoice, "options", Messages.Words.OptionsAndChoices);
                if (choicesEntry is not null && choices.Count == 0 && choicesEntry.Value is YamlSequence)
                    Report(choicesEntry.Value.Location, DiagnosticCodes.EmptyList, "choices");
            }
            else if (type is not null)
            {
                foreach (var key in new[] { "options", "choices" })
                    if (p.Find(key) is { } misplaced)
                        Report(misplaced.Key.Location, DiagnosticCodes.OptionsOnlyForChoice, key, Messages.Words.OptionsOnlyForChoice);
            }
            if (source is not null && sourceNode is not null && !ParameterOptionSources.Known.Contains(source))
                Report(sourceNode.Location, DiagnosticCodes.UnknownOptionsSource, source,
                    Messages.DidYouMean(Suggestions.Closest(source, ParameterOptionSources.Known)), Messages.List(ParameterOptionSources.Known));
            if (defaultValue is not null && type is not null)
                CheckDefault(defaultValue, type.Value, choices);

            if (id is not null && label is not null && type is not null)
                result.Add(new ParameterDefinition(id.Value, label.Value, type.Value, required, defaultValue?.Value, source, choices, p.Location));
        }
        return result;
    }

    ParameterType? ParameterTypeOf(YamlMapping p)
    {
        var value = RequiredText(p, "type", Messages.Words.InParameter);
        if (value is null) return null;
        foreach (var (name, type) in ParameterTypes)
            if (name == value.Value) return type;
        var names = ParameterTypes.Select(t => t.Name).ToArray();
        Report(value.Location, DiagnosticCodes.UnknownParameterType, value.Value, Messages.DidYouMean(Suggestions.Closest(value.Value, names)), Messages.List(names));
        return null;
    }

    void CheckDefault(YamlScalar value, ParameterType type, IReadOnlyList<string> choices)
    {
        if (CriterionRules.IsExpression(value.Value)) return;
        var text = value.Value.Trim();
        string? expected = type switch
        {
            ParameterType.Flag => Flag.TryParse(text, out _) ? null : Messages.Words.Boolean,
            ParameterType.Date => DateOnly.TryParseExact(text, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null : Messages.Words.Date,
            ParameterType.DateTime => DateTime.TryParseExact(text, "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null : Messages.Words.DateTime,
            ParameterType.Choice when choices.Count > 0 => choices.Contains(text) ? null : Messages.Words.OneOfChoices + " (" + Messages.List(choices) + ")",
            _ => null,
        };
        if (expected is not null)
            Report(value.Location, DiagnosticCodes.InvalidDefault, value.Value, ParameterTypes.First(t => t.Value == type).Name, expected);
    }

    // ---------------------------------------------------------------- criteria

    IReadOnlyList<CriterionDefinition> CriteriaList(YamlMapping map)
    {
        var result = new List<CriterionDefinition>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in OptionalList(map, "criteria"))
        {
            if (AsMapping(item, "criteria") is not { } c) continue;
            var fieldNode = RequiredText(c, "field", Messages.Words.InCriterion);
            var locked = OptionalBoolean(c, "locked") ?? false;

            CriteriaField? field = null;
            if (fieldNode is not null)
            {
                if (CriteriaCatalog.TryGet(fieldNode.Value, out var f)) field = f;
                else
                    Report(fieldNode.Location, DiagnosticCodes.UnknownCriterionField, fieldNode.Value,
                        Messages.DidYouMean(Suggestions.Closest(fieldNode.Value, CriteriaCatalog.FieldNames)), Messages.List(CriteriaCatalog.FieldNames));
                if (seen.TryGetValue(fieldNode.Value, out var line))
                    Report(fieldNode.Location, DiagnosticCodes.DuplicateCriterion, field?.Label ?? fieldNode.Value, line);
                else
                    seen[fieldNode.Value] = fieldNode.Location.Line;
            }

            // Every key other than field and locked is an operator, known or not.
            YamlEntry? opEntry = null;
            CriterionOperator op = default;
            foreach (var entry in c.Entries)
            {
                if (entry.Key.Value is "field" or "locked") continue;
                if (!CriteriaCatalog.TryParseOperator(entry.Key.Value, out var parsed))
                {
                    Report(entry.Key.Location, DiagnosticCodes.UnknownOperator, entry.Key.Value,
                        Messages.DidYouMean(Suggestions.Closest(entry.Key.Value, CriteriaCatalog.OperatorKeys)), Messages.List(CriteriaCatalog.OperatorKeys));
                    continue;
                }
                if (opEntry is not null)
                {
                    Report(entry.Key.Location, DiagnosticCodes.SeveralOperators, opEntry.Key.Value, entry.Key.Value);
                    continue;
                }
                (opEntry, op) = (entry, parsed);
            }
            if (opEntry is null)
            {
                if (!c.Entries.Any(e => e.Key.Value is not ("field" or "locked")))
                    Report(c.Location, DiagnosticCodes.MissingKey, Messages.Words.OperatorKey, Messages.Words.InCriterion);
                continue;
            }
            var values = CriterionValues(opEntry, op);
            if (field is null || values is null) continue;

            if (CriterionRules.CheckOperator(field, op) is [var opProblem])
            {
                diagnostics.Add(new Diagnostic(opEntry.Key.Location, opProblem.Code, opProblem.Message));
                continue;
            }
            // Expressions are resolved by the runner; the other values are checked now.
            for (var i = 0; i < values.Count; i++)
            {
                var (text, location) = values[i];
                if (CriterionRules.IsExpression(text)) continue;
                if (!CriterionRules.TryValue(field, op, text, out _, out var hint))
                    Report(location, DiagnosticCodes.ValueNotAllowed, text, field.Label, hint);
            }
            if (op == CriterionOperator.Between && values.All(v => !CriterionRules.IsExpression(v.Text))
                && CriterionRules.TryDate(values[0].Text.Trim(), out var from) && CriterionRules.TryDate(values[1].Text.Trim(), out var to) && from > to)
                Report(values[0].Location, DiagnosticCodes.BoundsReversed, field.Label, values[0].Text, values[1].Text);

            result.Add(new CriterionDefinition(field.Name, op, values.Select(v => v.Text).ToArray(), locked, c.Location));
        }
        return result;
    }

    /// <summary>The operator's values with their places: one scalar for equals, starts_with and present, a list otherwise.</summary>
    List<(string Text, SourceLocation Location)>? CriterionValues(YamlEntry entry, CriterionOperator op)
    {
        var name = entry.Key.Value;
        var list = op is CriterionOperator.In or CriterionOperator.NotIn or CriterionOperator.Between;
        if (entry.Value is YamlRefused) return null;
        var values = new List<(string, SourceLocation)>();
        if (list)
        {
            if (entry.Value is not YamlSequence seq)
            {
                Report(entry.Value.Location, DiagnosticCodes.WrongType, name, Messages.Words.ListOfText);
                return null;
            }
            foreach (var item in seq.Items)
            {
                if (item is YamlRefused) return null;
                if (item is not YamlScalar s || s.IsNull)
                {
                    Report(item.Location, DiagnosticCodes.WrongType, name, Messages.Words.ListOfText);
                    return null;
                }
                values.Add((s.Value, s.Location));
            }
        }
        else
        {
            if (entry.Value is not YamlScalar s || s.IsNull)
            {
                Report(entry.Value.Location, DiagnosticCodes.WrongType, name, op == CriterionOperator.Present ? Messages.Words.Boolean : Messages.Words.OneValue);
                return null;
            }
            values.Add((s.Value, s.Location));
        }
        if (CriterionRules.CountProblem(op, values.Count) is { } expected)
        {
            Report(entry.Value.Location, DiagnosticCodes.WrongValueCount, name, expected);
            return null;
        }
        return values;
    }

    // ---------------------------------------------------------------- steps

    IReadOnlyList<StepDefinition> Steps(YamlMapping map, IReadOnlyList<ParameterDefinition> parameters)
    {
        var result = new List<StepDefinition>();
        var entry = map.Find("steps");
        if (entry is null)
        {
            Report(map.Location, DiagnosticCodes.MissingKey, "steps", Messages.Words.AtTopLevel);
            return result;
        }
        if (entry.Value is YamlSequence { Items.Count: 0 })
            Report(entry.Value.Location, DiagnosticCodes.EmptyList, "steps");
        foreach (var item in OptionalList(map, "steps"))
        {
            if (AsMapping(item, "steps") is not { } s) continue;
            var errorsBefore = diagnostics.Count;
            var kind = RequiredText(s, "kind", Messages.Words.InStep);
            IReadOnlyDictionary<string, StepOptionSpec>? spec = null;
            if (kind is not null)
            {
                spec = steps.OptionsOf(kind.Value);
                if (spec is null)
                {
                    var known = steps.Names.Order(StringComparer.Ordinal).ToArray();
                    Report(kind.Location, DiagnosticCodes.UnknownStepKind, kind.Value, Messages.DidYouMean(Suggestions.Closest(kind.Value, known)), Messages.List(known));
                }
            }
            var options = new Dictionary<string, object?>(StringComparer.Ordinal);
            var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            IReadOnlyDictionary<string, IReadOnlyList<string>>? when = null;
            foreach (var option in s.Entries)
            {
                if (option.Key.Value == "kind") continue;
                if (option.Key.Value == "when") { when = Condition(option.Value, parameters); continue; }
                options[option.Key.Value] = Plain(option.Value);
                locations[option.Key.Value] = option.Key.Location;
                if (spec is null || kind is null) continue;
                if (!spec.TryGetValue(option.Key.Value, out var optionSpec))
                {
                    var known = spec.Keys.Order(StringComparer.Ordinal).ToArray();
                    Report(option.Key.Location, DiagnosticCodes.UnknownStepOption, option.Key.Value, kind.Value,
                        Messages.DidYouMean(Suggestions.Closest(option.Key.Value, known)), known.Length == 0 ? "aucune" : Messages.List(known));
                    continue;
                }
                CheckStepOption(option, optionSpec);
            }
            if (spec is not null)
                foreach (var (name, optionSpec) in spec.OrderBy(o => o.Key, StringComparer.Ordinal))
                    if (optionSpec.Required && !options.ContainsKey(name))
                        Report(s.Location, DiagnosticCodes.MissingKey, name, $"{Messages.Words.InStep} '{kind!.Value}'");
            if (kind is not null)
                result.Add(new StepDefinition(kind.Value, options, locations, s.Location)
                {
                    // Bound once, with the readers that checked it: whatever validates, binds.
                    Bound = diagnostics.Count == errorsBefore && steps.OptionsTypeOf(kind.Value) is { } type ? StepOptionBinder.Bind(type, options) : null,
                    When = when,
                });
        }
        return result;
    }

    /// <summary>`when: { format: xlsx }` or `when: { format: [csv, xlsx] }`: parameters of this definition, values it accepts.</summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Condition(YamlNode node, IReadOnlyList<ParameterDefinition> parameters)
    {
        if (node is YamlRefused) return null;
        if (node is not YamlMapping { Entries.Count: > 0 } mapping)
        {
            Report(node.Location, DiagnosticCodes.WrongType, "when", Messages.Words.Mapping);
            return null;
        }
        var condition = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var parameter = parameters.FirstOrDefault(p => p.Id == entry.Key.Value);
            if (parameter is null)
            {
                var known = parameters.Select(p => p.Id).ToArray();
                Report(entry.Key.Location, DiagnosticCodes.ConditionUnknownParameter, entry.Key.Value,
                    Messages.DidYouMean(Suggestions.Closest(entry.Key.Value, known)), known.Length == 0 ? "aucun" : Messages.List(known));
                continue;
            }
            var scalars = entry.Value switch
            {
                YamlScalar { IsNull: false } one => [one],
                YamlSequence { Items.Count: > 0 } many when many.Items.All(i => i is YamlScalar { IsNull: false }) => many.Items.Cast<YamlScalar>().ToList(),
                _ => null,
            };
            if (scalars is null)
            {
                Report(entry.Value.Location, DiagnosticCodes.WrongType, entry.Key.Value, Messages.Words.ListOfValues);
                continue;
            }
            if (parameter.Choices.Count > 0)
                foreach (var value in scalars.Where(v => !parameter.Choices.Contains(v.Value)))
                    Report(value.Location, DiagnosticCodes.ConditionValueNotAllowed, value.Value, parameter.Id, Messages.List(parameter.Choices));
            condition[parameter.Id] = scalars.Select(v => v.Value).ToList();
        }
        return condition;
    }

    void CheckStepOption(YamlEntry option, StepOptionSpec spec)
    {
        var name = option.Key.Value;
        var value = option.Value;
        if (value is YamlRefused) return;
        var scalar = value as YamlScalar;
        switch (spec.Type)
        {
            case StepOptionType.Text when scalar is null || scalar.IsNull:
                Report(value.Location, DiagnosticCodes.WrongType, name, Messages.Words.NonEmptyText);
                return;
            case StepOptionType.Flag when scalar is null || !StepOptionBinder.TryFlag(scalar.Value, out _):
                Report(value.Location, DiagnosticCodes.WrongType, name, Messages.Words.Boolean);
                return;
            case StepOptionType.Integer when scalar is null || !StepOptionBinder.TryInteger(scalar.Value, out _):
                Report(value.Location, DiagnosticCodes.WrongType, name, Messages.Words.Integer);
                return;
            case StepOptionType.List when value is not YamlSequence:
                Report(value.Location, DiagnosticCodes.WrongType, name, Messages.Words.List);
                return;
            case StepOptionType.List when value is YamlSequence seq && seq.Items.FirstOrDefault(i => i is not YamlScalar { IsNull: false }) is { } item:
                if (item is not YamlRefused) Report(item.Location, DiagnosticCodes.WrongType, name, Messages.Words.ListOfText);
                return;
            case StepOptionType.Mapping when value is not YamlMapping:
                Report(value.Location, DiagnosticCodes.WrongType, name, Messages.Words.Mapping);
                return;
        }
        if (spec.Type == StepOptionType.Text && scalar is not null && spec.AllowedValues is { Count: > 0 } allowed
            && !CriterionRules.IsExpression(scalar.Value) && !allowed.Contains(scalar.Value))
            Report(scalar.Location, DiagnosticCodes.StepOptionValueNotAllowed, scalar.Value, name, Messages.List(allowed));
        if (name == "template" && scalar is not null)
            CheckTemplate(scalar);
    }

    void CheckTemplate(YamlScalar name)
    {
        // Names come from people: refuse anything that could leave the templates folder before any file access.
        if (!TemplateNamePattern().IsMatch(name.Value) || name.Value.Split('/').Any(part => part is "." or ".."))
        {
            Report(name.Location, DiagnosticCodes.InvalidTemplateName, name.Value);
            return;
        }
        if (!checkedTemplates.TryGetValue(name.Value, out var problems))
            checkedTemplates[name.Value] = problems = templates.Check(name.Value);
        if (problems is null)
        {
            Report(name.Location, DiagnosticCodes.TemplateNotFound, name.Value);
            return;
        }
        if (problems.Count == 0) return;
        Report(name.Location, DiagnosticCodes.TemplateDoesNotCompile, name.Value, problems.Count);
        foreach (var problem in problems)
            Report(new SourceLocation(problem.File, problem.Line, problem.Column), DiagnosticCodes.TemplateError, problem.Message);
    }

    /// <summary>A step option as plain data: string (null for `~`), list of object, or string-keyed dictionary.</summary>
    static object? Plain(YamlNode node) => node switch
    {
        YamlScalar { IsNull: true } => null,
        YamlScalar s => s.Value,
        YamlSequence seq => seq.Items.Select(Plain).ToList(),
        YamlMapping m => m.Entries.ToDictionary(e => e.Key.Value, e => Plain(e.Value), StringComparer.Ordinal),
        _ => null,
    };

    // ---------------------------------------------------------------- helpers

    void CheckKeys(YamlMapping map, string[] allowed, string context)
    {
        foreach (var entry in map.Entries)
            if (!allowed.Contains(entry.Key.Value))
                Report(entry.Key.Location, DiagnosticCodes.UnknownKey, entry.Key.Value, context, Messages.List(allowed),
                    Messages.DidYouMean(Suggestions.Closest(entry.Key.Value, allowed)));
    }

    YamlScalar? RequiredText(YamlMapping map, string key, string context)
    {
        var entry = map.Find(key);
        if (entry is null)
        {
            Report(map.Location, DiagnosticCodes.MissingKey, key, context);
            return null;
        }
        return Text(entry);
    }

    string? OptionalText(YamlMapping map, string key) => OptionalText(map, key, out _);

    string? OptionalText(YamlMapping map, string key, out YamlScalar? node)
    {
        node = map.Find(key) is { } entry ? Text(entry) : null;
        return node?.Value;
    }

    YamlScalar? OptionalScalar(YamlMapping map, string key) => map.Find(key) is { } entry ? Text(entry) : null;

    YamlScalar? Text(YamlEntry entry)
    {
        if (entry.Value is YamlRefused) return null;
        if (entry.Value is YamlScalar s && !s.IsNull && s.Value.Trim().Length > 0) return s;
        Report(entry.Value.Location, DiagnosticCodes.WrongType, entry.Key.Value, Messages.Words.NonEmptyText);
        return null;
    }

    bool? OptionalBoolean(YamlMapping map, string key)
    {
        if (map.Find(key) is not { } entry || entry.Value is YamlRefused) return null;
        if (entry.Value is YamlScalar s && Flag.TryParse(s.Value, out var value)) return value;
        Report(entry.Value.Location, DiagnosticCodes.WrongType, key, Messages.Words.Boolean);
        return null;
    }

    IReadOnlyList<YamlNode> OptionalList(YamlMapping map, string key)
    {
        if (map.Find(key) is not { } entry || entry.Value is YamlRefused) return [];
        if (entry.Value is YamlSequence seq) return seq.Items;
        Report(entry.Value.Location, DiagnosticCodes.WrongType, key, Messages.Words.List);
        return [];
    }

    IReadOnlyList<string> OptionalTextList(YamlMapping map, string key)
    {
        var result = new List<string>();
        if (map.Find(key) is not { } entry || entry.Value is YamlRefused) return result;
        if (entry.Value is not YamlSequence seq)
        {
            Report(entry.Value.Location, DiagnosticCodes.WrongType, key, Messages.Words.ListOfText);
            return result;
        }
        foreach (var item in seq.Items)
        {
            if (item is YamlScalar s && !s.IsNull) result.Add(s.Value);
            else if (item is not YamlRefused) Report(item.Location, DiagnosticCodes.WrongType, key, Messages.Words.ListOfText);
        }
        return result;
    }

    YamlMapping? AsMapping(YamlNode node, string what)
    {
        if (node is YamlMapping m) return m;
        if (node is not YamlRefused) Report(node.Location, DiagnosticCodes.WrongType, what, Messages.Words.ListOfMappings);
        return null;
    }

    void Report(SourceLocation location, string code, params object?[] args) =>
        diagnostics.Add(Messages.At(location, code, args));
}
