#Requires -Modules Pester
# Default views of every format file the module ships (FoscamPS.Format.ps1xml and each area's own file): tables fit
# an 80-column console, the camera comes first, wide detail lives in list views. Static checks of the XML, so
# views added by any branch are covered as soon as they are in the built module.

BeforeDiscovery {
    $moduleDir = Split-Path $env:FOSCAMPS_TEST_MODULE -Parent
    $script:tableCases = foreach ($file in Get-ChildItem $moduleDir -Filter '*.Format.ps1xml') {
        [xml] $doc = Get-Content -Raw $file.FullName
        foreach ($view in $doc.Configuration.ViewDefinitions.View) {
            if (-not $view.PSObject.Properties['TableControl']) { continue }
            $selected = if ($view.ViewSelectedBy.PSObject.Properties['TypeName']) { @($view.ViewSelectedBy.TypeName) -join ', ' } else { @($view.ViewSelectedBy.SelectionSetName) -join ', ' }
            @{ File = $file.Name; View = $view.Name; Selected = $selected; Xml = $view.OuterXml }
        }
    }
    $script:fileCases = @(Get-ChildItem $moduleDir -Filter '*.Format.ps1xml' | ForEach-Object { @{ File = $_.Name } })
}

BeforeAll {
    $script:moduleDir = Split-Path $env:FOSCAMPS_TEST_MODULE -Parent
    $script:manifest = Import-PowerShellDataFile $env:FOSCAMPS_TEST_MODULE
}

Describe 'Format file <File>' -ForEach $fileCases {
    It 'is listed in FormatsToProcess' {
        $manifest.FormatsToProcess | Should -Contain $File
    }
}

Describe 'Table view <View> (<Selected>) in <File>' -ForEach $tableCases {
    BeforeAll {
        [xml] $x = $Xml
        $script:headers = @($x.View.TableControl.TableHeaders.TableColumnHeader)
        $script:items = @($x.View.TableControl.TableRowEntries.TableRowEntry | Select-Object -First 1 | ForEach-Object { $_.TableColumnItems.TableColumnItem })
    }

    It 'fits 80 columns: declared widths + one space between columns + 10 for each column without a width' {
        $declared = ($headers | Where-Object { $_.PSObject.Properties['Width'] } | ForEach-Object { [int] $_.Width } | Measure-Object -Sum).Sum
        $free = @($headers | Where-Object { -not $_.PSObject.Properties['Width'] }).Count
        $total = $declared + ($headers.Count - 1) + 10 * $free
        $total | Should -BeLessOrEqual 80 -Because "the columns $(($headers | ForEach-Object { if ($_.PSObject.Properties['Label']) { $_.Label } else { '?' } }) -join ', ') need $total characters; move detail to the list view"
    }

    It 'leaves only the last column without a width' {
        for ($i = 0; $i -lt $headers.Count - 1; $i++) {
            $headers[$i].PSObject.Properties['Width'] | Should -Not -BeNullOrEmpty -Because "column $($i + 1) needs a Width so the table is predictable"
        }
    }

    It 'has a header for every column item' {
        $items.Count | Should -Be $headers.Count
    }

    It 'shows the camera first (or is grouped by camera)' {
        [xml] $x = $Xml
        $first = $headers[0]
        $label = if ($first.PSObject.Properties['Label']) { $first.Label } else { $items[0].PropertyName }
        $groupedByCamera = $x.View.PSObject.Properties['GroupBy'] -and ($x.View.GroupBy.PropertyName -eq 'Camera')
        # Store descriptions, schedules (New-CamSchedule) and the audit's per-check fleet summary (Test-CamSecurity
        # -Summary Check: one line per check over all cameras) describe no single camera; every other view starts with it.
        if (-not $groupedByCamera -and $Selected -notmatch 'CredentialStore|CamSchedule|CamSecurityCheckSummary') {
            $label | Should -BeIn @('Camera', 'Name') -Because 'the camera comes first'
        }
    }
}

Describe 'Output types travel with their camera (jobs, remoting, child runbooks)' {
    BeforeDiscovery {
        Import-Module $env:FOSCAMPS_TEST_MODULE -Force
        $script:cameraTypeCases = @(
            (Get-Module FoscamPS).ExportedCmdlets.Values | ForEach-Object { $_.OutputType } | Where-Object { $_.Type } | ForEach-Object { $_.Type } |
                Sort-Object FullName -Unique | Where-Object { $_.GetProperty('Camera') } | ForEach-Object { @{ TypeName = $_.FullName } })
    }

    BeforeAll {
        Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    }

    It '<TypeName> keeps Camera.Name and Camera.Address at the default serialization depth' -ForEach $cameraTypeCases {
        $type = (Get-Module FoscamPS).ImplementingAssembly.GetType($TypeName, $true)
        $obj = [System.Runtime.CompilerServices.RuntimeHelpers]::GetUninitializedObject($type)
        $ctor = [FoscamPS.Fleet.CamSession].GetConstructors([Reflection.BindingFlags]'Instance, NonPublic') | Select-Object -First 1
        $session = $ctor.Invoke(@('site-cam', [FoscamPS.Protocol.CamAddress]::Parse('192.0.2.10:81'), $null, $null))
        $type.GetProperty('Camera').SetValue($obj, $session)
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($obj))
        $copy.Camera.Name | Should -Be 'site-cam' -Because "FoscamPS.Types.ps1xml needs SerializationDepth 2 for $TypeName"
        "$($copy.Camera.Address)" | Should -Be '192.0.2.10:81'
    }
}
