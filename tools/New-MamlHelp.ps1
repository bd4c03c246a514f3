<#
.SYNOPSIS
    Generates the module's MAML help (en-US/FoscamPS.dll-Help.xml) from the real cmdlet metadata plus the prose in
    docs/<Cmdlet-Name>.md, and refuses to build help that has rotted.

.DESCRIPTION
    PlatyPS and XmlDoc2CmdletDoc are not available here, so this script does their job with no dependency.

    Build mode (default, used by build.ps1):
      1. Imports the built module (-ModulePath, the psd1) in this process. When another FoscamPS assembly is
         already loaded here, the script re-runs itself in a fresh pwsh so it never documents a stale build.
      2. For every exported cmdlet, reads docs/<Cmdlet-Name>.md (PlatyPS markdown schema 2.0.0) with a small
         line-based parser and takes from it the prose only: synopsis, description, examples, parameter
         descriptions, inputs, outputs, notes and related links.
      3. Takes everything structural from the cmdlet metadata (Get-Command): parameter sets (default first),
         types, positions, mandatory flags, pipeline input, aliases, wildcard support, and default values (read
         from a fresh instance of the cmdlet class; a doc's "Default value:" is used only where the metadata has
         none, e.g. "Current folder"). WhatIf and Confirm are included for SupportsShouldProcess cmdlets.
      4. Fails (exit code 1, every problem listed) when a cmdlet has no doc file, a doc lacks a synopsis,
         description or example, a non-common parameter has no description, a doc documents a parameter the
         cmdlet does not have, a {{ placeholder }} is left, a section is unknown, or a code fence is unclosed.
         Stale SYNTAX blocks / parameter yaml, [OutputType] types missing from OUTPUTS and docs of cmdlets that
         are not exported are warnings (errors with -Strict): they do not reach the MAML, but mislead readers.
      5. Writes the MAML atomically and, when it lands where Get-Help looks, checks that Get-Help reads it back.

    Update mode (-Update): creates docs/<Cmdlet>.md skeletons for cmdlets without one and refreshes the
    metadata parts (SYNTAX, parameter list and yaml blocks) of existing docs, keeping all prose. New prose
    spots get {{ placeholders }}, which make the build fail until they are filled in. Parameters that no
    longer exist are dropped (their text is printed in a warning so it can be moved).

.PARAMETER ModulePath
    The built module manifest, e.g. out/FoscamPS/0.1.0/FoscamPS.psd1.

.PARAMETER DocsPath
    The folder of the cmdlet markdown files (docs/).

.PARAMETER OutputPath
    The MAML file to write, e.g. out/FoscamPS/0.1.0/en-US/FoscamPS.dll-Help.xml.

.PARAMETER Update
    Create or refresh docs/<Cmdlet>.md from the metadata instead of generating help.

.PARAMETER Strict
    Treat the warnings (stale yaml/syntax, OUTPUTS, orphan docs) as errors.

.EXAMPLE
    dotnet pwsh -NoProfile -File tools/New-MamlHelp.ps1 -ModulePath out/FoscamPS/0.1.0/FoscamPS.psd1 -DocsPath docs -OutputPath out/FoscamPS/0.1.0/en-US/FoscamPS.dll-Help.xml

.EXAMPLE
    dotnet pwsh -NoProfile -File tools/New-MamlHelp.ps1 -ModulePath out/FoscamPS/0.1.0/FoscamPS.psd1 -DocsPath docs -Update
    After adding a cmdlet: creates docs/<New-Cmdlet>.md with placeholders to fill in.
#>
[CmdletBinding(DefaultParameterSetName = 'Build')]
param(
    [Parameter(Mandatory = $true)]
    [string] $ModulePath,

    [Parameter(Mandatory = $true)]
    [string] $DocsPath,

    [Parameter(Mandatory = $true, ParameterSetName = 'Build')]
    [string] $OutputPath,

    [Parameter(Mandatory = $true, ParameterSetName = 'Update')]
    [switch] $Update,

    [switch] $Strict
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# ---------------------------------------------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------------------------------------------
$script:KnownSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')
$script:ShouldProcessParameters = @('WhatIf', 'Confirm')
$script:DefaultDescriptions = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$script:CommonParametersText = 'This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).'
$script:PlaceholderPattern = '\{\{.*?\}\}'
$script:NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$script:NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:NsMsh = 'http://msh'
# How PowerShell itself names common parameter types in syntax (Get-Command -Syntax style).
$script:ShortTypeNames = @{
    'System.String' = 'string'; 'System.Int32' = 'int'; 'System.Int64' = 'long'; 'System.Boolean' = 'bool'
    'System.Double' = 'double'; 'System.Byte' = 'byte'; 'System.Char' = 'char'; 'System.Object' = 'Object'
    'System.Uri' = 'uri'; 'System.DateTime' = 'datetime'; 'System.TimeSpan' = 'timespan'; 'System.Guid' = 'guid'
    'System.Version' = 'version'; 'System.Collections.Hashtable' = 'hashtable'; 'System.UInt32' = 'uint'
    'System.Net.IPAddress' = 'ipaddress'; 'System.Security.SecureString' = 'securestring'
    'System.Management.Automation.ScriptBlock' = 'scriptblock'
    'System.Management.Automation.PSCredential' = 'pscredential'
    'System.Management.Automation.SwitchParameter' = 'switch'
    'System.Management.Automation.PSObject' = 'psobject'
}

# ---------------------------------------------------------------------------------------------------------------
# Fresh process: never document an older FoscamPS assembly that happens to be loaded in this session.
# ---------------------------------------------------------------------------------------------------------------
$resolvedModule = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$moduleBase = Split-Path -Parent $resolvedModule
$manifestData = Import-PowerShellDataFile -LiteralPath $resolvedModule
$rootModuleFile = if ($manifestData.ContainsKey('RootModule') -and $manifestData.RootModule) { [string] $manifestData.RootModule } else { '' }
$assemblyName = [IO.Path]::GetFileNameWithoutExtension($rootModuleFile)
$loaded = if ($assemblyName) { [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $assemblyName } } else { $null }
if ($loaded -and $env:FOSCAMPS_HELPGEN_CHILD -ne '1') {
    Write-Verbose "An assembly named $assemblyName is already loaded in this process; re-running in a fresh pwsh."
    # This very PowerShell, started anew: pwsh(.exe), powershell.exe, or the dotnet tool (dotnet <PSHOME>/pwsh.dll).
    $self = (Get-Process -Id $PID).Path
    $pwsh = $self
    $childArgs = @()
    if ((Split-Path -Leaf $self) -match '^dotnet(\.exe)?$' -and (Test-Path (Join-Path $PSHOME 'pwsh.dll'))) { $childArgs += (Join-Path $PSHOME 'pwsh.dll') }
    $childArgs += @('-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-ModulePath', $resolvedModule, '-DocsPath', (Resolve-Path -LiteralPath $DocsPath).ProviderPath)
    if ($Update) { $childArgs += '-Update' } else { $childArgs += @('-OutputPath', $(if ([IO.Path]::IsPathRooted($OutputPath)) { $OutputPath } else { [IO.Path]::GetFullPath((Join-Path (Get-Location).ProviderPath $OutputPath)) })) }
    if ($Strict) { $childArgs += '-Strict' }
    $env:FOSCAMPS_HELPGEN_CHILD = '1'
    try { & $pwsh @childArgs } finally { Remove-Item Env:FOSCAMPS_HELPGEN_CHILD -ErrorAction SilentlyContinue }
    exit $LASTEXITCODE
}

# ---------------------------------------------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------------------------------------------
$script:Errors = [System.Collections.Generic.List[string]]::new()
$script:Warnings = [System.Collections.Generic.List[string]]::new()

function Add-DocError([string] $Message) { $script:Errors.Add($Message) }

function Add-DocWarning([string] $Message) {
    if ($Strict) { $script:Errors.Add($Message) } else { $script:Warnings.Add($Message) }
}

# ---------------------------------------------------------------------------------------------------------------
# Markdown (PlatyPS schema 2.0.0), line based
# ---------------------------------------------------------------------------------------------------------------
function Test-FenceLine([string] $Line) { return $Line -match '^\s{0,3}(```|~~~)' }

function Split-Subsection {
    # Splits section lines on "### " headings outside code fences: a preamble and a list of {Heading, Lines}.
    param([string[]] $Lines)
    $pre = [System.Collections.Generic.List[string]]::new()
    $subs = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if (Test-FenceLine $line) { $inFence = -not $inFence }
        elseif (-not $inFence -and $line -match '^###\s+(.+?)\s*#*\s*$') {
            $current = [pscustomobject]@{ Heading = $Matches[1].Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            $subs.Add($current)
            continue
        }
        if ($null -eq $current) { $pre.Add($line) } else { $current.Lines.Add($line) }
    }
    [pscustomobject]@{ Preamble = $pre.ToArray(); Subsections = $subs.ToArray() }
}

function ConvertTo-Paragraph {
    # Markdown prose to MAML paragraphs: blank lines separate paragraphs, soft-wrapped lines are joined, list items
    # start a paragraph each, fenced code stays one paragraph with its line breaks.
    param([string[]] $Lines)
    $paras = [System.Collections.Generic.List[string]]::new()
    $buf = [System.Collections.Generic.List[string]]::new()
    $code = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $flush = {
        if ($buf.Count -gt 0) { $paras.Add(($buf -join ' ')); $buf.Clear() }
    }
    foreach ($line in @($Lines)) {
        if ($inFence) {
            if (Test-FenceLine $line) { $paras.Add(($code -join "`n")); $code.Clear(); $inFence = $false }
            else { $code.Add($line) }
            continue
        }
        if (Test-FenceLine $line) { & $flush; $inFence = $true; continue }
        $trimmed = $line.Trim()
        if ($trimmed -eq '') { & $flush; continue }
        if ($trimmed -match '^#{1,6}\s+(.*)$') { & $flush; $paras.Add($Matches[1].Trim()); continue }
        if ($trimmed -match '^([-*+]|\d+[.)])\s+') { & $flush }
        $buf.Add($trimmed)
    }
    & $flush
    if ($inFence -and $code.Count -gt 0) { $paras.Add(($code -join "`n")) }
    return $paras.ToArray()
}

function Remove-BlankEdge {
    # Drops leading and trailing blank lines.
    param([string[]] $Lines)
    $list = @($Lines)
    $start = 0; $end = $list.Count - 1
    while ($start -le $end -and $list[$start].Trim() -eq '') { $start++ }
    while ($end -ge $start -and $list[$end].Trim() -eq '') { $end-- }
    if ($start -gt $end) { return }
    return [string[]]$list[$start..$end]
}

function Read-YamlBlock {
    param([string[]] $Lines)
    $map = [ordered]@{}
    foreach ($l in $Lines) {
        if ($l -match '^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$') { $map[$Matches[1]] = $Matches[2] }
    }
    return $map
}

function Read-CmdletDoc {
    # Parses docs/<Cmdlet>.md. Problems go to the error list, prefixed with the file name.
    param([string] $Path)
    $rel = (Split-Path -Leaf (Split-Path -Parent $Path)) + '/' + (Split-Path -Leaf $Path)
    $lines = [IO.File]::ReadAllLines($Path)
    $doc = [pscustomobject]@{
        Path = $Path; RelPath = $rel; FrontMatter = [ordered]@{}; Title = $null
        Sections = [ordered]@{}; SectionOrder = [System.Collections.Generic.List[string]]::new()
    }
    $i = 0
    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        $i = 1
        while ($i -lt $lines.Count -and $lines[$i].Trim() -ne '---') {
            if ($lines[$i] -match '^\s*([^:]+?)\s*:\s*(.*?)\s*$') { $doc.FrontMatter[$Matches[1]] = $Matches[2] }
            $i++
        }
        if ($i -ge $lines.Count) { Add-DocError "${rel}: the front matter (---) is not closed."; return $doc }
        $i++
    }
    $section = $null
    $inFence = $false
    $fenceStart = 0
    for (; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if (Test-FenceLine $line) {
            $inFence = -not $inFence
            if ($inFence) { $fenceStart = $i + 1 }
        }
        elseif (-not $inFence) {
            if ($line -match '^#\s+(.+?)\s*$') {
                if ($null -ne $doc.Title) { Add-DocError "${rel}:$($i + 1): a second level-1 heading '$($Matches[1])'." }
                $doc.Title = $Matches[1]
                $section = $null
                continue
            }
            if ($line -match '^##\s+(.+?)\s*#*\s*$') {
                $name = $Matches[1].Trim().ToUpperInvariant()
                if ($script:KnownSections -notcontains $name) {
                    Add-DocError "${rel}:$($i + 1): unknown section '## $($Matches[1])' (expected one of: $($script:KnownSections -join ', '))."
                    $section = $null
                    continue
                }
                if ($doc.Sections.Contains($name)) { Add-DocError "${rel}:$($i + 1): section '## $name' appears twice." }
                else { $doc.Sections[$name] = [System.Collections.Generic.List[string]]::new(); $doc.SectionOrder.Add($name) }
                $section = $name
                continue
            }
        }
        if ($null -ne $section) { $doc.Sections[$section].Add($line) }
        elseif ($line.Trim() -ne '' -and $null -ne $doc.Title -and -not $inFence) {
            Add-DocError "${rel}:$($i + 1): text outside any '## SECTION'."
        }
    }
    if ($inFence) { Add-DocError "${rel}:${fenceStart}: a code fence is never closed." }
    return $doc
}

function Get-DocSection {
    param($Doc, [string] $Name)
    if ($null -ne $Doc -and $Doc.Sections.Contains($Name)) { return $Doc.Sections[$Name].ToArray() }
}

function Get-DocProse {
    # The prose of a cmdlet doc, structured: synopsis, description, examples, parameters, inputs, outputs, notes, links.
    param($Doc)
    $rel = $Doc.RelPath
    $prose = [ordered]@{
        Synopsis = @(ConvertTo-Paragraph @(Get-DocSection $Doc 'SYNOPSIS'))
        Description = @(ConvertTo-Paragraph @(Get-DocSection $Doc 'DESCRIPTION'))
        Examples = [System.Collections.Generic.List[object]]::new()
        Parameters = [ordered]@{}
        Inputs = [System.Collections.Generic.List[object]]::new()
        Outputs = [System.Collections.Generic.List[object]]::new()
        Notes = @(ConvertTo-Paragraph @(Get-DocSection $Doc 'NOTES'))
        Links = [System.Collections.Generic.List[object]]::new()
        RawSyntax = @(Get-DocSection $Doc 'SYNTAX')
    }

    # Examples: "### Example N: title", the first code fence is the code, the rest the remarks.
    $ex = Split-Subsection @(Get-DocSection $Doc 'EXAMPLES')
    if (@(Remove-BlankEdge $ex.Preamble).Count -gt 0) { Add-DocError "${rel}: text in ## EXAMPLES before the first '### Example' heading." }
    foreach ($s in $ex.Subsections) {
        $code = [System.Collections.Generic.List[string]]::new()
        $rest = [System.Collections.Generic.List[string]]::new()
        $state = 'before'   # before -> code -> after
        foreach ($l in $s.Lines) {
            if ($state -eq 'before' -and (Test-FenceLine $l)) { $state = 'code'; continue }
            if ($state -eq 'code') {
                if (Test-FenceLine $l) { $state = 'after' } else { $code.Add($l) }
                continue
            }
            # An HTML comment on its own line is a directive for tests/pester/DocExamples.Tests.ps1 (example-setup,
            # example-expects, example-stops-after): not part of the help text.
            if ($l -match '^\s*<!--.*-->\s*$') { continue }
            $rest.Add($l)
        }
        if ($code.Count -eq 0 -or ((($code -join '')).Trim() -eq '')) { Add-DocError "${rel}: example '$($s.Heading)' has no code fence." }
        $prose.Examples.Add([pscustomobject]@{
                Title = $s.Heading
                Code = (@(Remove-BlankEdge $code.ToArray()) -join "`n")
                Remarks = @(ConvertTo-Paragraph $rest.ToArray())
            })
    }

    # Parameters: "### -Name", description, then ```yaml blocks. "### CommonParameters" is recognised and skipped.
    $ps = Split-Subsection @(Get-DocSection $Doc 'PARAMETERS')
    foreach ($s in $ps.Subsections) {
        if ($s.Heading -eq 'CommonParameters') { continue }
        if ($s.Heading -notmatch '^-([A-Za-z_][A-Za-z0-9_]*)$') {
            Add-DocError "${rel}: '### $($s.Heading)' in ## PARAMETERS is not a parameter heading ('### -Name' or '### CommonParameters')."
            continue
        }
        $pname = $Matches[1]
        $desc = [System.Collections.Generic.List[string]]::new()
        $yamls = [System.Collections.Generic.List[object]]::new()
        $yaml = $null
        $inOther = $false
        foreach ($l in $s.Lines) {
            if ($null -ne $yaml) {
                if (Test-FenceLine $l) { $yamls.Add($yaml.ToArray()); $yaml = $null } else { $yaml.Add($l) }
                continue
            }
            if (-not $inOther -and $l -match '^\s{0,3}(```|~~~)\s*ya?ml\s*$') { $yaml = [System.Collections.Generic.List[string]]::new(); continue }
            if (Test-FenceLine $l) { $inOther = -not $inOther }
            if ($yamls.Count -eq 0) { $desc.Add($l) }
        }
        if ($prose.Parameters.Contains($pname)) { Add-DocError "${rel}: parameter -$pname is documented twice."; continue }
        $prose.Parameters[$pname] = [pscustomobject]@{
            Name = $pname
            RawDescription = @(Remove-BlankEdge $desc.ToArray())
            Description = @(ConvertTo-Paragraph $desc.ToArray())
            Yaml = @($yamls | ForEach-Object { , (Read-YamlBlock $_) })
            RawYaml = @($yamls)
        }
    }

    foreach ($kind in 'INPUTS', 'OUTPUTS') {
        $io = Split-Subsection @(Get-DocSection $Doc $kind)
        if (@(Remove-BlankEdge $io.Preamble).Count -gt 0) { Add-DocError "${rel}: text in ## $kind outside a '### TypeName' heading." }
        foreach ($s in $io.Subsections) {
            $entry = [pscustomobject]@{ Type = $s.Heading; Description = @(ConvertTo-Paragraph $s.Lines.ToArray()) }
            if ($kind -eq 'INPUTS') { $prose.Inputs.Add($entry) } else { $prose.Outputs.Add($entry) }
        }
    }

    foreach ($l in (Get-DocSection $Doc 'RELATED LINKS')) {
        $t = $l.Trim()
        if ($t -eq '') { continue }
        if ($t -match '^(?:[-*+]\s+)?\[([^\]]+)\]\(([^)]*)\)\s*$') {
            $uri = $Matches[2].Trim()
            if ($uri -notmatch '^[a-z]+://') { $uri = '' }   # relative links (Get-CamSession.md) resolve by name in Get-Help
            $prose.Links.Add([pscustomobject]@{ Text = $Matches[1].Trim(); Uri = $uri })
        }
        else { $prose.Links.Add([pscustomobject]@{ Text = ($t -replace '^[-*+]\s+', ''); Uri = '' }) }
    }
    return $prose
}

# ---------------------------------------------------------------------------------------------------------------
# Cmdlet metadata
# ---------------------------------------------------------------------------------------------------------------
function Get-ShortTypeName {
    # Get-Command -Syntax style: string[], int, pscredential, CamTarget[].
    param([type] $Type)
    if ($Type.IsArray) { return (Get-ShortTypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType -and $Type.GetGenericTypeDefinition() -eq [Nullable`1]) { return Get-ShortTypeName $Type.GetGenericArguments()[0] }
    if ($script:ShortTypeNames.ContainsKey($Type.FullName)) { return $script:ShortTypeNames[$Type.FullName] }
    return $Type.Name
}

function Get-DocTypeName {
    # PlatyPS yaml style: String[], Int32, SwitchParameter, PSCredential, CamTarget[].
    param([type] $Type)
    if ($Type.IsArray) { return (Get-DocTypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType -and $Type.GetGenericTypeDefinition() -eq [Nullable`1]) { return Get-DocTypeName $Type.GetGenericArguments()[0] }
    return $Type.Name
}

function Format-DefaultValue {
    param($Value)
    if ($null -eq $Value) { return 'None' }
    if ($Value -is [System.Management.Automation.SwitchParameter]) { return [string] $Value.IsPresent }
    if ($Value -is [string]) { if ($Value -eq '') { return 'None' } return $Value }
    if ($Value -is [System.Collections.IEnumerable]) {
        $items = @($Value | ForEach-Object { "$_" })
        if ($items.Count -eq 0) { return 'None' }
        return $items -join ', '
    }
    if ($Value -is [bool]) { return [string] $Value }
    return [string]::Format([Globalization.CultureInfo]::InvariantCulture, '{0}', $Value)
}

function Format-PipelineInput {
    param([bool] $ByValue, [bool] $ByPropertyName)
    if ($ByValue -and $ByPropertyName) { return 'True (ByPropertyName, ByValue)' }
    if ($ByValue) { return 'True (ByValue)' }
    if ($ByPropertyName) { return 'True (ByPropertyName)' }
    return 'False'
}

function Get-CmdletModel {
    # Everything structural about a cmdlet, from Get-Command and a fresh instance of its class.
    param([System.Management.Automation.CmdletInfo] $Command)
    $excluded = @([System.Management.Automation.Cmdlet]::CommonParameters) + @('UseTransaction')
    $instance = $null
    try { $instance = [Activator]::CreateInstance($Command.ImplementingType) } catch { Write-Verbose "Cannot instantiate $($Command.ImplementingType): $_" }
    $cmdletAttr = $Command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true) | Select-Object -First 1
    $supportsShouldProcess = [bool]($cmdletAttr -and $cmdletAttr.SupportsShouldProcess)

    # Parameter sets, default first, then as declared.
    $sets = @($Command.ParameterSets | Where-Object IsDefault) + @($Command.ParameterSets | Where-Object { -not $_.IsDefault })
    $allSetNames = @($sets | ForEach-Object Name)

    $params = [ordered]@{}
    $declOrder = 0
    foreach ($set in $sets) {
        $index = 0
        foreach ($p in $set.Parameters) {
            $index++
            if ($excluded -contains $p.Name) { continue }
            if (-not $params.Contains($p.Name)) {
                $meta = $Command.Parameters[$p.Name]
                $default = 'None'
                if ($script:ShouldProcessParameters -contains $p.Name) { $default = 'False' }
                elseif ($null -ne $instance) {
                    $prop = $Command.ImplementingType.GetProperty($p.Name)
                    if ($null -ne $prop -and $prop.CanRead) {
                        try { $default = Format-DefaultValue ($prop.GetValue($instance)) } catch { $default = 'None' }
                    }
                }
                elseif ($p.ParameterType -eq [System.Management.Automation.SwitchParameter]) { $default = 'False' }
                $params[$p.Name] = [pscustomobject]@{
                    Name = $p.Name
                    Type = $p.ParameterType
                    IsSwitch = ($p.ParameterType -eq [System.Management.Automation.SwitchParameter])
                    Aliases = @($meta.Aliases)
                    Globbing = [bool](@($meta.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count)
                    Default = $default
                    IsShouldProcess = ($script:ShouldProcessParameters -contains $p.Name)
                    Order = $declOrder++
                    Sets = [ordered]@{}
                }
            }
            $params[$p.Name].Sets[$set.Name] = [pscustomobject]@{
                Mandatory = $p.IsMandatory
                Position = $p.Position
                Index = $index
                ByValue = $p.ValueFromPipeline
                ByPropertyName = $p.ValueFromPipelineByPropertyName
            }
        }
    }

    $outputTypes = @($Command.OutputType | ForEach-Object { if ($_.Type) { $_.Type.FullName } else { $_.Name } } | Select-Object -Unique)
    [pscustomobject]@{
        Name = $Command.Name
        Verb = $Command.Verb
        Noun = $Command.Noun
        Command = $Command
        SupportsShouldProcess = $supportsShouldProcess
        Sets = $sets
        SetNames = $allSetNames
        Parameters = $params
        OutputTypes = $outputTypes
    }
}

function Get-SetParameter {
    # The parameters of one set in display order: positional by position, then mandatory, then optional, WhatIf/Confirm last.
    param($Model, [string] $SetName)
    $inSet = @($Model.Parameters.Values | Where-Object { $_.Sets.Contains($SetName) })
    $sp = @($inSet | Where-Object IsShouldProcess | Sort-Object { [array]::IndexOf($script:ShouldProcessParameters, $_.Name) })
    $rest = @($inSet | Where-Object { -not $_.IsShouldProcess })
    $positional = @($rest | Where-Object { $_.Sets[$SetName].Position -ge 0 } | Sort-Object { $_.Sets[$SetName].Position })
    $mandatory = @($rest | Where-Object { $_.Sets[$SetName].Position -lt 0 -and $_.Sets[$SetName].Mandatory } | Sort-Object { $_.Sets[$SetName].Index })
    $optional = @($rest | Where-Object { $_.Sets[$SetName].Position -lt 0 -and -not $_.Sets[$SetName].Mandatory } | Sort-Object { $_.Sets[$SetName].Index })
    return @($positional + $mandatory + $optional + $sp)
}

function Get-ParameterDisplayOrder {
    # Order of the PARAMETERS section: the default set's display order, then parameters of other sets, WhatIf/Confirm last.
    param($Model)
    $seen = [System.Collections.Generic.List[string]]::new()
    foreach ($set in $Model.SetNames) {
        foreach ($p in (Get-SetParameter $Model $set)) { if (-not $p.IsShouldProcess -and -not $seen.Contains($p.Name)) { $seen.Add($p.Name) } }
    }
    foreach ($n in $script:ShouldProcessParameters) { if ($Model.Parameters.Contains($n)) { $seen.Add($n) } }
    return @($seen | ForEach-Object { $Model.Parameters[$_] })
}

function Format-SyntaxLine {
    param($Model, [string] $SetName)
    $parts = [System.Collections.Generic.List[string]]::new()
    $parts.Add($Model.Name)
    foreach ($p in (Get-SetParameter $Model $SetName)) {
        $m = $p.Sets[$SetName]
        if ($p.IsSwitch) {
            $parts.Add($(if ($m.Mandatory) { "-$($p.Name)" } else { "[-$($p.Name)]" }))
            continue
        }
        $name = if ($m.Position -ge 0) { "[-$($p.Name)]" } else { "-$($p.Name)" }
        $text = "$name <$(Get-ShortTypeName $p.Type)>"
        $parts.Add($(if ($m.Mandatory) { $text } else { "[$text]" }))
    }
    $parts.Add('[<CommonParameters>]')
    return $parts -join ' '
}

function Get-ParameterSummary {
    # One parameter over all its sets, for the MAML parameters section.
    param($Model, $Parameter)
    $sets = @($Parameter.Sets.Values)
    $firstSet = @($Parameter.Sets.Keys)[0]
    $positions = @($sets | ForEach-Object Position | Select-Object -Unique)
    $position = $Parameter.Sets[$firstSet].Position
    if ($positions.Count -gt 1) { $position = ($positions | Where-Object { $_ -ge 0 } | Select-Object -First 1) }
    [pscustomobject]@{
        Required = (@($sets | Where-Object { -not $_.Mandatory }).Count -eq 0)
        Position = $(if ($null -ne $position -and $position -ge 0) { [string] $position } else { 'named' })
        Pipeline = Format-PipelineInput (@($sets | Where-Object ByValue).Count -gt 0) (@($sets | Where-Object ByPropertyName).Count -gt 0)
    }
}

function Get-YamlBlockText {
    # PlatyPS yaml blocks for one parameter: one block per distinct set metadata. $DocDefault is the doc's
    # "Default value" kept where the metadata has none.
    param($Model, $Parameter, [string] $DocDefault)
    $groups = [ordered]@{}
    foreach ($setName in $Parameter.Sets.Keys) {
        $m = $Parameter.Sets[$setName]
        $key = "$($m.Mandatory)|$($m.Position)|$($m.ByValue)|$($m.ByPropertyName)"
        if (-not $groups.Contains($key)) { $groups[$key] = [pscustomobject]@{ Meta = $m; Sets = [System.Collections.Generic.List[string]]::new() } }
        $groups[$key].Sets.Add($setName)
    }
    $default = $Parameter.Default
    if ($DocDefault -and ($default -eq 'None') -and $DocDefault -ne 'None') { $default = $DocDefault }
    $blocks = [System.Collections.Generic.List[object]]::new()
    foreach ($g in $groups.Values) {
        $setText = if ($groups.Count -eq 1 -and $g.Sets.Count -eq $Model.SetNames.Count) { '(All)' } else { $g.Sets -join ', ' }
        $lines = @(
            "Type: $(Get-DocTypeName $Parameter.Type)"
            "Parameter Sets: $setText"
            "Aliases: $($Parameter.Aliases -join ', ')".TrimEnd()
            ''
            "Required: $($g.Meta.Mandatory)"
            "Position: $(if ($g.Meta.Position -ge 0) { $g.Meta.Position } else { 'Named' })"
            "Default value: $default"
            "Accept pipeline input: $(Format-PipelineInput $g.Meta.ByValue $g.Meta.ByPropertyName)"
            "Accept wildcard characters: $($Parameter.Globbing)"
        )
        $blocks.Add([string[]]$lines)
    }
    return , $blocks.ToArray()
}

function Get-EffectiveDefault {
    param($Parameter, $DocParameter)
    if ($Parameter.Default -ne 'None' -or $null -eq $DocParameter) { return $Parameter.Default }
    foreach ($y in $DocParameter.Yaml) {
        if ($y.Contains('Default value') -and $y['Default value'] -and $y['Default value'] -ne 'None') { return $y['Default value'] }
    }
    return $Parameter.Default
}

# ---------------------------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------------------------
function Test-Placeholder {
    param([string] $Rel, [string] $Where, [string[]] $Texts)
    foreach ($t in $Texts) {
        if ($t -match $script:PlaceholderPattern) { Add-DocError "${Rel}: $Where still has the placeholder '$($Matches[0])'." ; return $true }
    }
    return $false
}

function Test-CmdletDoc {
    param($Model, $Doc, $Prose)
    $rel = $Doc.RelPath
    if ($Doc.Title -ne $Model.Name) { Add-DocError "${rel}: the title is '# $($Doc.Title)', expected '# $($Model.Name)'." }
    foreach ($required in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS') {
        if (-not $Doc.Sections.Contains($required)) { Add-DocError "${rel}: the section '## $required' is missing." }
    }
    if ($Prose.Synopsis.Count -eq 0) { Add-DocError "${rel}: ## SYNOPSIS is empty." }
    else { $null = Test-Placeholder $rel '## SYNOPSIS' $Prose.Synopsis }
    if ($Prose.Description.Count -eq 0) { Add-DocError "${rel}: ## DESCRIPTION is empty." }
    else { $null = Test-Placeholder $rel '## DESCRIPTION' $Prose.Description }
    if ($Prose.Examples.Count -eq 0) { Add-DocError "${rel}: ## EXAMPLES has no '### Example' (at least one is required)." }
    foreach ($e in $Prose.Examples) { $null = Test-Placeholder $rel "example '$($e.Title)'" (@($e.Title, $e.Code) + $e.Remarks) }
    $null = Test-Placeholder $rel '## NOTES' $Prose.Notes
    foreach ($io in @($Prose.Inputs) + @($Prose.Outputs)) { $null = Test-Placeholder $rel "the type '$($io.Type)'" (@($io.Type) + $io.Description) }

    foreach ($p in $Model.Parameters.Values) {
        $dp = if ($Prose.Parameters.Contains($p.Name)) { $Prose.Parameters[$p.Name] } else { $null }
        if ($p.IsShouldProcess) {
            if ($null -ne $dp -and $dp.Description.Count -gt 0) { $null = Test-Placeholder $rel "parameter -$($p.Name)" $dp.Description }
            continue
        }
        if ($null -eq $dp) { Add-DocError "${rel}: parameter -$($p.Name) is not documented (add '### -$($p.Name)' with a description under ## PARAMETERS, or run -Update)." }
        elseif ($dp.Description.Count -eq 0) { Add-DocError "${rel}: parameter -$($p.Name) has no description." }
        else { $null = Test-Placeholder $rel "parameter -$($p.Name)" $dp.Description }
    }
    foreach ($name in $Prose.Parameters.Keys) {
        if (-not $Model.Parameters.Contains($name)) {
            $why = if ($script:ShouldProcessParameters -contains $name) { " ($($Model.Name) does not support ShouldProcess)" } else { '' }
            Add-DocError "${rel}: documents -$name, which $($Model.Name) does not have$why."
        }
        elseif ($Model.Parameters[$name].Name -cne $name) {
            Add-DocWarning "${rel}: '### -$name' should be spelled '### -$($Model.Parameters[$name].Name)'."
        }
    }

    # Metadata copies in the markdown: stale copies mislead readers of the docs (not the help).
    $expectedSyntax = @(Get-SyntaxSectionLines $Model)
    if ((Get-NormalizedText $expectedSyntax) -ne (Get-NormalizedText $Prose.RawSyntax)) {
        Add-DocWarning "${rel}: ## SYNTAX does not match the cmdlet; run tools/New-MamlHelp.ps1 -Update."
    }
    foreach ($p in $Model.Parameters.Values) {
        if (-not $Prose.Parameters.Contains($p.Name)) { continue }
        $dp = $Prose.Parameters[$p.Name]
        $expected = (Get-YamlBlockText $Model $p (Get-EffectiveDefault $p $dp)) | ForEach-Object { Get-NormalizedText $_ }
        $actual = $dp.RawYaml | ForEach-Object { Get-NormalizedText $_ }
        if ((@($expected) -join '|') -ne (@($actual) -join '|')) {
            Add-DocWarning "${rel}: the yaml of -$($p.Name) does not match the cmdlet; run tools/New-MamlHelp.ps1 -Update."
        }
    }
    foreach ($t in $Model.OutputTypes) {
        $short = ($t -split '\.')[-1]
        if (-not @($Prose.Outputs | Where-Object { $_.Type -eq $t -or $_.Type -eq $short }).Count) {
            Add-DocWarning "${rel}: ## OUTPUTS does not name the [OutputType] $t."
        }
    }
}

function Get-NormalizedText {
    param([string[]] $Lines)
    return ((@($Lines) | ForEach-Object { $_.Trim() } | Where-Object { $_ -ne '' }) -join "`n")
}

# ---------------------------------------------------------------------------------------------------------------
# Markdown writer (-Update)
# ---------------------------------------------------------------------------------------------------------------
function Get-SyntaxSectionLines {
    param($Model)
    $out = [System.Collections.Generic.List[string]]::new()
    foreach ($set in $Model.Sets) {
        $out.Add('')
        $out.Add("### $($set.Name)$(if ($set.IsDefault -and $Model.Sets.Count -gt 1) { ' (Default)' })")
        $out.Add('```')
        $out.Add((Format-SyntaxLine $Model $set.Name))
        $out.Add('```')
    }
    return $out.ToArray()
}

function New-CmdletMarkdown {
    # The whole doc: metadata from the model, prose from the existing doc (or placeholders).
    param($Model, $Doc, [string] $ModuleName, [string] $HelpFileName)
    $sb = [System.Collections.Generic.List[string]]::new()
    $front = [ordered]@{ 'external help file' = $HelpFileName; 'Module Name' = $ModuleName; 'online version' = ''; 'schema' = '2.0.0' }
    if ($null -ne $Doc) { foreach ($k in $Doc.FrontMatter.Keys) { if ($k -ne 'external help file' -and $k -ne 'Module Name') { $front[$k] = $Doc.FrontMatter[$k] } } }
    $sb.Add('---')
    foreach ($k in $front.Keys) { $sb.Add("${k}: $($front[$k])".TrimEnd()) }
    $sb.Add('---')
    $sb.Add('')
    $sb.Add("# $($Model.Name)")

    $keep = {
        param([string] $Section, [string[]] $Placeholder)
        $lines = @(Remove-BlankEdge @(Get-DocSection $Doc $Section))
        if ($lines.Count -eq 0) { $lines = $Placeholder }
        $sb.Add('')
        $sb.Add("## $Section")
        if ($lines.Count -gt 0) { $sb.Add(''); foreach ($l in $lines) { $sb.Add($l.TrimEnd()) } }
    }

    & $keep 'SYNOPSIS' @('{{ Fill in the Synopsis }}')
    $sb.Add('')
    $sb.Add('## SYNTAX')
    foreach ($l in (Get-SyntaxSectionLines $Model)) { $sb.Add($l) }
    & $keep 'DESCRIPTION' @('{{ Fill in the Description }}')
    & $keep 'EXAMPLES' @('### Example 1', '', '```powershell', "PS C:\> {{ Add example code here }}", '```', '', '{{ Add example description here }}')

    $sb.Add('')
    $sb.Add('## PARAMETERS')
    $docParams = if ($null -ne $Doc) { (Get-DocProse $Doc).Parameters } else { [ordered]@{} }
    foreach ($p in (Get-ParameterDisplayOrder $Model)) {
        $dp = if ($docParams.Contains($p.Name)) { $docParams[$p.Name] } else { $null }
        $desc = if ($null -ne $dp -and $dp.RawDescription.Count -gt 0) { $dp.RawDescription }
        elseif ($p.IsShouldProcess) { @($script:DefaultDescriptions[$p.Name]) }
        else { @("{{ Fill $($p.Name) Description }}") }
        $sb.Add('')
        $sb.Add("### -$($p.Name)")
        $sb.Add('')
        foreach ($l in $desc) { $sb.Add($l.TrimEnd()) }
        foreach ($block in (Get-YamlBlockText $Model $p (Get-EffectiveDefault $p $dp))) {
            $sb.Add('')
            $sb.Add('```yaml')
            foreach ($l in $block) { $sb.Add($l) }
            $sb.Add('```')
        }
    }
    foreach ($name in $docParams.Keys) {
        if (-not $Model.Parameters.Contains($name)) {
            Write-Warning "$($Doc.RelPath): dropped -$name, which $($Model.Name) no longer has. Its text was:`n$($docParams[$name].RawDescription -join "`n")"
        }
    }
    $sb.Add('')
    $sb.Add('### CommonParameters')
    $sb.Add('')
    $sb.Add($script:CommonParametersText)

    $pipelineTypes = @($Model.Parameters.Values | Where-Object { @($_.Sets.Values | Where-Object { $_.ByValue }).Count } | ForEach-Object { $_.Type.FullName } | Select-Object -Unique)
    $inputPlaceholder = if ($pipelineTypes.Count) { foreach ($t in $pipelineTypes) { "### $t"; ''; '{{ Describe what can be piped in }}'; '' } } else { '### None'; ''; 'You cannot pipe objects to this cmdlet.' }
    & $keep 'INPUTS' @($inputPlaceholder)
    $outputPlaceholder = if ($Model.OutputTypes.Count) { foreach ($t in $Model.OutputTypes) { "### $t"; ''; '{{ Describe the output }}'; '' } } else { '### None'; ''; 'This cmdlet returns no output.' }
    & $keep 'OUTPUTS' @($outputPlaceholder)
    & $keep 'NOTES' @()
    & $keep 'RELATED LINKS' @()
    $text = (($sb | ForEach-Object { $_ }) -join "`n") -replace "(`n){3,}", "`n`n"
    return $text.TrimEnd() + "`n"
}

# ---------------------------------------------------------------------------------------------------------------
# MAML writer
# ---------------------------------------------------------------------------------------------------------------
function Write-Para {
    param([System.Xml.XmlWriter] $W, [string[]] $Paragraphs)
    $any = $false
    foreach ($p in @($Paragraphs)) {
        if ($null -eq $p) { continue }
        $W.WriteElementString('maml', 'para', $script:NsMaml, $p)
        $any = $true
    }
    if (-not $any) { $W.WriteElementString('maml', 'para', $script:NsMaml, '') }
}

function Write-MamlParameter {
    param([System.Xml.XmlWriter] $W, $Parameter, [string] $Required, [string] $Position, [string] $Pipeline, [string[]] $Description, [string] $Default, [bool] $InSyntax)
    $W.WriteStartElement('command', 'parameter', $script:NsCommand)
    $W.WriteAttributeString('required', $Required)
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', $Parameter.Globbing.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', $Pipeline)
    $W.WriteAttributeString('position', $Position)
    $W.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $W.WriteElementString('maml', 'name', $script:NsMaml, $Parameter.Name)
    $W.WriteStartElement('maml', 'description', $script:NsMaml)
    Write-Para $W $Description
    $W.WriteEndElement()
    # Switches have no value in the syntax ([-All]); the parameters section shows [<SwitchParameter>].
    if (-not ($Parameter.IsSwitch -and $InSyntax)) {
        $W.WriteStartElement('command', 'parameterValue', $script:NsCommand)
        $W.WriteAttributeString('required', $(if ($Parameter.IsSwitch) { 'false' } else { 'true' }))
        $W.WriteAttributeString('variableLength', 'false')
        $W.WriteString($(if ($Parameter.IsSwitch) { 'SwitchParameter' } else { Get-ShortTypeName $Parameter.Type }))
        $W.WriteEndElement()
    }
    $W.WriteStartElement('dev', 'type', $script:NsDev)
    $W.WriteElementString('maml', 'name', $script:NsMaml, $Parameter.Type.FullName)
    $W.WriteElementString('maml', 'uri', $script:NsMaml, '')
    $W.WriteEndElement()
    $W.WriteElementString('dev', 'defaultValue', $script:NsDev, $Default)
    $W.WriteEndElement()
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $W, $Model, $Prose)
    $descriptionOf = {
        param($p)
        if ($Prose.Parameters.Contains($p.Name) -and $Prose.Parameters[$p.Name].Description.Count) { return $Prose.Parameters[$p.Name].Description }
        if ($script:DefaultDescriptions.ContainsKey($p.Name)) { return $script:DefaultDescriptions[$p.Name] }
    }
    $W.WriteStartElement('command', 'command', $script:NsCommand)
    $W.WriteAttributeString('xmlns', 'maml', $null, $script:NsMaml)
    $W.WriteAttributeString('xmlns', 'command', $null, $script:NsCommand)
    $W.WriteAttributeString('xmlns', 'dev', $null, $script:NsDev)

    $W.WriteStartElement('command', 'details', $script:NsCommand)
    $W.WriteElementString('command', 'name', $script:NsCommand, $Model.Name)
    $W.WriteElementString('command', 'verb', $script:NsCommand, $Model.Verb)
    $W.WriteElementString('command', 'noun', $script:NsCommand, $Model.Noun)
    $W.WriteStartElement('maml', 'description', $script:NsMaml)
    Write-Para $W @($Prose.Synopsis -join ' ')
    $W.WriteEndElement()
    $W.WriteEndElement()

    $W.WriteStartElement('maml', 'description', $script:NsMaml)
    Write-Para $W $Prose.Description
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'syntax', $script:NsCommand)
    foreach ($set in $Model.Sets) {
        $W.WriteStartElement('command', 'syntaxItem', $script:NsCommand)
        $W.WriteElementString('maml', 'name', $script:NsMaml, $Model.Name)
        foreach ($p in (Get-SetParameter $Model $set.Name)) {
            $m = $p.Sets[$set.Name]
            $pos = if ($m.Position -ge 0) { [string] $m.Position } else { 'named' }
            $default = Get-EffectiveDefault $p $(if ($Prose.Parameters.Contains($p.Name)) { $Prose.Parameters[$p.Name] })
            Write-MamlParameter $W $p $m.Mandatory.ToString().ToLowerInvariant() $pos (Format-PipelineInput $m.ByValue $m.ByPropertyName) (& $descriptionOf $p) $default $true
        }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'parameters', $script:NsCommand)
    foreach ($p in (Get-ParameterDisplayOrder $Model)) {
        $s = Get-ParameterSummary $Model $p
        $default = Get-EffectiveDefault $p $(if ($Prose.Parameters.Contains($p.Name)) { $Prose.Parameters[$p.Name] })
        Write-MamlParameter $W $p $s.Required.ToString().ToLowerInvariant() $s.Position $s.Pipeline (& $descriptionOf $p) $default $false
    }
    $W.WriteEndElement()

    $writeTypes = {
        param([string] $Outer, [string] $Inner, $Entries)
        $W.WriteStartElement('command', $Outer, $script:NsCommand)
        foreach ($e in $Entries) {
            $W.WriteStartElement('command', $Inner, $script:NsCommand)
            $W.WriteStartElement('dev', 'type', $script:NsDev)
            $W.WriteElementString('maml', 'name', $script:NsMaml, $e.Type)
            $W.WriteEndElement()
            $W.WriteStartElement('maml', 'description', $script:NsMaml)
            Write-Para $W $e.Description
            $W.WriteEndElement()
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }
    $outputs = if ($Prose.Outputs.Count) { $Prose.Outputs } else { @($Model.OutputTypes | ForEach-Object { [pscustomobject]@{ Type = $_; Description = @() } }) }
    & $writeTypes 'inputTypes' 'inputType' $Prose.Inputs
    & $writeTypes 'returnValues' 'returnValue' $outputs

    if ($Prose.Notes.Count) {
        $W.WriteStartElement('maml', 'alertSet', $script:NsMaml)
        $W.WriteStartElement('maml', 'alert', $script:NsMaml)
        Write-Para $W $Prose.Notes
        $W.WriteEndElement()
        $W.WriteEndElement()
    }

    $W.WriteStartElement('command', 'examples', $script:NsCommand)
    foreach ($e in $Prose.Examples) {
        $W.WriteStartElement('command', 'example', $script:NsCommand)
        $W.WriteElementString('maml', 'title', $script:NsMaml, "-------------------------- $($e.Title) --------------------------")
        $W.WriteElementString('dev', 'code', $script:NsDev, $e.Code)
        $W.WriteStartElement('dev', 'remarks', $script:NsDev)
        Write-Para $W $e.Remarks
        $W.WriteEndElement()
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'relatedLinks', $script:NsCommand)
    foreach ($l in $Prose.Links) {
        $W.WriteStartElement('maml', 'navigationLink', $script:NsMaml)
        $W.WriteElementString('maml', 'linkText', $script:NsMaml, $l.Text)
        $W.WriteElementString('maml', 'uri', $script:NsMaml, $l.Uri)
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteEndElement()
}

# ---------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------
$module = Import-Module -Name $resolvedModule -Force -PassThru -DisableNameChecking -ErrorAction Stop | Where-Object { $_.Path -eq $resolvedModule -or $_.ModuleBase -eq $moduleBase } | Select-Object -First 1
if ($null -eq $module) { $module = Get-Module | Where-Object { $_.ModuleBase -eq $moduleBase } | Select-Object -First 1 }
if ($null -eq $module) { throw "Cannot import the module '$resolvedModule'." }
$cmdlets = @($module.ExportedCmdlets.Values | Sort-Object Name)
if ($cmdlets.Count -eq 0) { throw "The module '$resolvedModule' exports no cmdlets." }
$docsFull = (Resolve-Path -LiteralPath $DocsPath).ProviderPath
$docsLabel = Split-Path -Leaf $docsFull
$helpFileName = if ($PSCmdlet.ParameterSetName -eq 'Build') { Split-Path -Leaf $OutputPath } elseif ($rootModuleFile) { "$rootModuleFile-Help.xml" } else { "$($module.Name)-Help.xml" }

# Cmdlets defined in the assembly but not exported get no help: say so.
$assembly = $cmdlets[0].ImplementingType.Assembly
$defined = @($assembly.GetExportedTypes() | Where-Object { -not $_.IsAbstract -and $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).Count } |
        ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" })
foreach ($d in $defined) {
    if (-not $module.ExportedCmdlets.ContainsKey($d)) { Write-Warning "$d is defined in $($assembly.GetName().Name).dll but not exported by $(Split-Path -Leaf $resolvedModule) (CmdletsToExport): it gets no help." }
}

$models = foreach ($c in $cmdlets) { Get-CmdletModel $c }

if ($Update) {
    foreach ($m in $models) {
        $path = Join-Path $docsFull "$($m.Name).md"
        $doc = if (Test-Path -LiteralPath $path) { Read-CmdletDoc $path } else { $null }
        if ($script:Errors.Count) { break }
        $text = New-CmdletMarkdown $m $doc $module.Name $helpFileName
        $old = if ($null -ne $doc) { [IO.File]::ReadAllText($path) -replace "`r`n", "`n" } else { $null }
        if ($old -ceq $text) { Write-Information "unchanged $docsLabel/$($m.Name).md" -InformationAction Continue; continue }
        [IO.File]::WriteAllText($path, $text, [Text.UTF8Encoding]::new($false))
        $state = if ($null -eq $doc) { 'created' } else { 'updated' }
        $placeholders = ([regex]::Matches($text, $script:PlaceholderPattern)).Count
        Write-Information ("{0} {1}/{2}.md{3}" -f $state, $docsLabel, $m.Name, $(if ($placeholders) { " ($placeholders placeholder(s) to fill in)" })) -InformationAction Continue
    }
    if ($script:Errors.Count) {
        foreach ($e in $script:Errors) { [Console]::Error.WriteLine("  $e") }
        [Console]::Error.WriteLine("New-MamlHelp -Update: fix the markdown above first (nothing was rewritten for that file).")
        exit 1
    }
    exit 0
}

# Build mode
$docs = [ordered]@{}
foreach ($m in $models) {
    $path = Join-Path $docsFull "$($m.Name).md"
    if (-not (Test-Path -LiteralPath $path)) {
        Add-DocError "$docsLabel/$($m.Name).md is missing: every exported cmdlet needs one (create it with tools/New-MamlHelp.ps1 -ModulePath <psd1> -DocsPath $docsLabel -Update, then fill it in)."
        continue
    }
    $doc = Read-CmdletDoc $path
    $prose = Get-DocProse $doc
    Test-CmdletDoc $m $doc $prose
    $docs[$m.Name] = $prose
}
# Cmdlet docs for cmdlets the module does not export (renamed or removed).
foreach ($f in Get-ChildItem -LiteralPath $docsFull -Filter '*-*.md' -File) {
    $name = [IO.Path]::GetFileNameWithoutExtension($f.Name)
    if ($module.ExportedCmdlets.ContainsKey($name)) { continue }
    $head = [IO.File]::ReadAllText($f.FullName)
    if ($head -match '(?m)^external help file:' -or $head -match '(?m)^## SYNOPSIS') {
        Add-DocWarning "$docsLabel/$($f.Name) documents '$name', which $($module.Name) does not export: rename or delete it."
    }
}

foreach ($w in $script:Warnings) { Write-Warning $w }
if ($script:Errors.Count) {
    [Console]::Error.WriteLine("New-MamlHelp: $($script:Errors.Count) problem(s) in the cmdlet docs; no help was written:")
    foreach ($e in $script:Errors) { [Console]::Error.WriteLine("  $e") }
    [Console]::Error.WriteLine("Every exported cmdlet needs docs/<Cmdlet>.md (PlatyPS schema) with a synopsis, a description, an example and a description for each parameter.")
    exit 1
}

$outFull = [IO.Path]::GetFullPath($(if ([IO.Path]::IsPathRooted($OutputPath)) { $OutputPath } else { Join-Path (Get-Location).ProviderPath $OutputPath }))
$outDir = Split-Path -Parent $outFull
if (-not (Test-Path -LiteralPath $outDir)) { $null = New-Item -ItemType Directory -Path $outDir -Force }
$temp = "$outFull.tmp"
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.Encoding = [Text.UTF8Encoding]::new($false)
$settings.NewLineChars = "`n"
$writer = [System.Xml.XmlWriter]::Create($temp, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', $script:NsMsh)
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($m in $models) { Write-MamlCommand $writer $m $docs[$m.Name] }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally { $writer.Dispose() }

# Well-formed, one command per cmdlet.
$check = [xml]::new()
$check.Load($temp)
$ns = [System.Xml.XmlNamespaceManager]::new($check.NameTable)
$ns.AddNamespace('command', $script:NsCommand)
$count = $check.SelectNodes('//command:command', $ns).Count
if ($count -ne $models.Count) { Remove-Item -LiteralPath $temp -Force; throw "Internal error: wrote $count commands for $($models.Count) cmdlets." }
Move-Item -LiteralPath $temp -Destination $outFull -Force

# When the file is where Get-Help looks (the module's en-US folder), read it back through Get-Help.
$helpDir = Join-Path $module.ModuleBase 'en-US'
if ([IO.Path]::GetFullPath($outDir).TrimEnd('\', '/') -eq [IO.Path]::GetFullPath($helpDir).TrimEnd('\', '/') -and $helpFileName -eq "$rootModuleFile-Help.xml") {
    $origCulture = [Threading.Thread]::CurrentThread.CurrentUICulture
    try {
        [Threading.Thread]::CurrentThread.CurrentUICulture = [Globalization.CultureInfo]::GetCultureInfo('en-US')
        foreach ($m in $models) {
            $h = Get-Help -Name "$($module.Name)\$($m.Name)" -Full -ErrorAction SilentlyContinue
            $expected = ($docs[$m.Name].Synopsis -join ' ').Trim()
            if ($null -eq $h -or "$($h.Synopsis)".Trim() -ne $expected) {
                Add-DocError "Get-Help $($m.Name) does not read the generated help back (synopsis '$("$($h.Synopsis)".Trim())')."
            }
        }
    }
    finally { [Threading.Thread]::CurrentThread.CurrentUICulture = $origCulture }
    if ($script:Errors.Count) {
        foreach ($e in $script:Errors) { [Console]::Error.WriteLine("  $e") }
        exit 1
    }
}
Write-Information "Help written: $outFull ($count cmdlets)" -InformationAction Continue
exit 0
