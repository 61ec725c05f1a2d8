<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>arenascope::app::ExportDialog</name>
    <message>
        <source>Export view</source>
        <translation>Exportar visualização</translation>
    </message>
    <message>
        <source>Heap: arenas and their pools</source>
        <translation>Heap: arenas e seus pools</translation>
    </message>
    <message>
        <source>Selected pool: its blocks</source>
        <translation>Pool selecionado: seus blocos</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Gráficos</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>Imagem PNG</translation>
    </message>
    <message>
        <source>SVG drawing</source>
        <translation>Desenho SVG</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>Documento PDF</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Escuro</translation>
    </message>
    <message>
        <source>Print (black and white, patterns)</source>
        <translation>Impressão (preto e branco, com padrões)</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Procurar...</translation>
    </message>
    <message>
        <source>&amp;View:</source>
        <translation>&amp;Visualização:</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Formato:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Tema:</translation>
    </message>
    <message>
        <source>&amp;Width:</source>
        <translation>&amp;Largura:</translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation>&amp;Arquivo:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Tamanho:</translation>
    </message>
    <message>
        <source>&amp;Copy to clipboard</source>
        <translation>&amp;Copiar para a área de transferência</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 pixels</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>Imagem PNG (*.png);;Desenho SVG (*.svg);;Documento PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Nothing to export: no trace is open.</source>
        <translation>Nada a exportar: nenhum rastro está aberto.</translation>
    </message>
    <message>
        <source>GC view: objects, references and the collector</source>
        <translation>Visualização do GC: objetos, referências e o coletor</translation>
    </message>
</context>
<context>
    <name>arenascope::app::Interpreter</name>
    <message>
        <source>Built-in model (no interpreter)</source>
        <translation>Modelo embutido (sem interpretador)</translation>
    </message>
    <message>
        <source>The Python this build was made with</source>
        <translation>O Python com que este build foi feito</translation>
    </message>
    <message>
        <source>%1 (the one Arenascope was built with)</source>
        <translation>%1 (o mesmo com que o Arenascope foi compilado)</translation>
    </message>
    <message>
        <source>built-in model</source>
        <translation>modelo embutido</translation>
    </message>
</context>
<context>
    <name>arenascope::app::Language</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Idioma do sistema</translation>
    </message>
    <message>
        <source>The language changes the next time Arenascope starts.</source>
        <translation>O idioma muda na próxima vez que o Arenascope for iniciado.</translation>
    </message>
</context>
<context>
    <name>arenascope::app::MainWindow</name>
    <message>
        <source>demo:</source>
        <translation>demo:</translation>
    </message>
    <message>
        <source>%1.trace.gz (built-in demo)</source>
        <translation>%1.trace.gz (demonstração embutida)</translation>
    </message>
    <message>
        <source>Could not open the trace: %1</source>
        <translation>Não foi possível abrir o rastro: %1</translation>
    </message>
    <message>
        <source>Could not open the trace</source>
        <translation>Não foi possível abrir o rastro</translation>
    </message>
    <message>
        <source>%1

The previously open trace stays open.</source>
        <translation>%1

O rastro aberto antes continua aberto.</translation>
    </message>
    <message>
        <source>Loading cancelled; the previous trace stays open.</source>
        <translation>Carregamento cancelado; o rastro anterior continua aberto.</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspetor</translation>
    </message>
    <message>
        <source>Filter: e.g. free, obj, 0x7f2c, arena_alloc</source>
        <translation>Filtro: p. ex. free, obj, 0x7f2c, arena_alloc</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Registro de eventos</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Gráficos</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>Open &amp;example</source>
        <translation>Abrir &amp;exemplo</translation>
    </message>
    <message>
        <source>Start-up and a list comprehension (Python 3.11)</source>
        <translation>Inicialização e uma list comprehension (Python 3.11)</translation>
    </message>
    <message>
        <source>Dictionary churn (Python 3.11)</source>
        <translation>Dicionários criados e descartados (Python 3.11)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>Abrir &amp;recente</translation>
    </message>
    <message>
        <source>Choose &amp;profile...</source>
        <translation>Escolher &amp;perfil...</translation>
    </message>
    <message>
        <source>&amp;Export view...</source>
        <translation>E&amp;xportar visualização...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Copy view as image</source>
        <translation>&amp;Copiar visualização como imagem</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>Reproduzir / pausar</translation>
    </message>
    <message>
        <source>Step forward</source>
        <translation>Avançar um passo</translation>
    </message>
    <message>
        <source>Step back</source>
        <translation>Voltar um passo</translation>
    </message>
    <message>
        <source>Step forward by kind</source>
        <translation>Avançar pelo tipo escolhido</translation>
    </message>
    <message>
        <source>Step back by kind</source>
        <translation>Voltar pelo tipo escolhido</translation>
    </message>
    <message>
        <source>To start</source>
        <translation>Ir ao início</translation>
    </message>
    <message>
        <source>To end</source>
        <translation>Ir ao fim</translation>
    </message>
    <message>
        <source>Go to step...</source>
        <translation>Ir para o passo...</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>E&amp;xibir</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Ampliar</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Reduzir</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>Ajustar à janela</translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation>Tema escuro</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About Arenascope</source>
        <translation>&amp;Sobre o Arenascope</translation>
    </message>
    <message>
        <source>About Arenascope</source>
        <translation>Sobre o Arenascope</translation>
    </message>
    <message>
        <source>&lt;b&gt;Arenascope&lt;/b&gt; shows how CPython&apos;s pymalloc manages memory: an arena is a table top, its pools are the books on it, and a pool&apos;s blocks are the pages of its book.</source>
        <translation>&lt;b&gt;Arenascope&lt;/b&gt; mostra como o pymalloc do CPython gerencia a memória: uma arena é o tampo de uma mesa, seus pools são os livros sobre ela, e os blocos de um pool são as páginas do seu livro.</translation>
    </message>
    <message>
        <source>The view is on the clipboard as an image.</source>
        <translation>A visualização está na área de transferência como imagem.</translation>
    </message>
    <message>
        <source>Go to step</source>
        <translation>Ir para o passo</translation>
    </message>
    <message>
        <source>Step (0 to %1):</source>
        <translation>Passo (de 0 a %1):</translation>
    </message>
    <message>
        <source>From the trace&apos;s # python line</source>
        <translation>Pela linha # python do rastro</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>CPython version profile for this trace:</source>
        <translation>Perfil de versão do CPython para este rastro:</translation>
    </message>
    <message>
        <source>Loading %1...</source>
        <translation>Carregando %1...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>demo:%1</source>
        <translation>demo:%1</translation>
    </message>
    <message>
        <source>Arenascope</source>
        <translation>Arenascope</translation>
    </message>
    <message>
        <source>%1 - Arenascope</source>
        <translation>%1 - Arenascope</translation>
    </message>
    <message>
        <source>profile %1 (%2)  |  %L3 events, %L4 predicted, %L5 mismatches</source>
        <translation>perfil %1 (%2)  |  %L3 eventos, %L4 previstos, %L5 divergências</translation>
    </message>
    <message>
        <source>&amp;Record script...</source>
        <translation>&amp;Gravar script...</translation>
    </message>
    <message>
        <source>%1.py (built-in scenario)</source>
        <translation>%1.py (cenário embutido)</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Cenário</translation>
    </message>
    <message>
        <source>Collector</source>
        <translation>Coletor</translation>
    </message>
    <message>
        <source>&amp;Open trace or scenario...</source>
        <translation>&amp;Abrir rastro ou cenário...</translation>
    </message>
    <message>
        <source>Open a pymalloc trace or a scenario</source>
        <translation>Abrir um rastro do pymalloc ou um cenário</translation>
    </message>
    <message>
        <source>Traces and scenarios (*.trace *.trace.gz *.gz *.txt *.py);;Traces (*.trace *.trace.gz *.gz *.txt);;Scenarios (*.py);;All files (*)</source>
        <translation>Rastros e cenários (*.trace *.trace.gz *.gz *.txt *.py);;Rastros (*.trace *.trace.gz *.gz *.txt);;Cenários (*.py);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>&amp;Scenarios</source>
        <translation>&amp;Cenários</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Next scenario operation</source>
        <translation>Próxima operação do cenário</translation>
    </message>
    <message>
        <source>Previous scenario operation</source>
        <translation>Operação anterior do cenário</translation>
    </message>
    <message>
        <source>scenario, default profile</source>
        <translation>cenário, perfil padrão</translation>
    </message>
    <message>
        <source>scenario, --profile %1</source>
        <translation>cenário, --profile %1</translation>
    </message>
    <message>
        <source>Could not run %1: %2</source>
        <translation>Não foi possível executar %1: %2</translation>
    </message>
    <message>
        <source>Could not run the program</source>
        <translation>Não foi possível executar o programa</translation>
    </message>
    <message>
        <source>Run cancelled; the previous input stays open.</source>
        <translation>Execução cancelada; a entrada anterior continua aberta.</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Código-fonte</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Saída</translation>
    </message>
    <message>
        <source>&amp;Save source</source>
        <translation>&amp;Salvar código-fonte</translation>
    </message>
    <message>
        <source>%1 (built-in model) - Arenascope</source>
        <translation>%1 (modelo embutido) - Arenascope</translation>
    </message>
    <message>
        <source>%1 (%2) - Arenascope</source>
        <translation>%1 (%2) - Arenascope</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>Execu&amp;tar</translation>
    </message>
    <message>
        <source>Run &amp;again</source>
        <translation>Executar &amp;de novo</translation>
    </message>
    <message>
        <source>Saves the source and runs the program again, back at the same step</source>
        <translation>Salva o código-fonte e executa o programa de novo, voltando ao mesmo passo</translation>
    </message>
    <message>
        <source>Run on the built-in &amp;model</source>
        <translation>Executar no &amp;modelo embutido</translation>
    </message>
    <message>
        <source>&amp;Interpreter</source>
        <translation>&amp;Interpretador</translation>
    </message>
    <message>
        <source>Program &amp;input...</source>
        <translation>&amp;Entrada do programa...</translation>
    </message>
    <message>
        <source>&amp;Time-out...</source>
        <translation>&amp;Tempo limite...</translation>
    </message>
    <message>
        <source>&amp;Other...</source>
        <translation>&amp;Outro...</translation>
    </message>
    <message>
        <source>Runs with %1</source>
        <translation>Executa com %1</translation>
    </message>
    <message>
        <source>Programs (.py) run with %1 (Run &gt; Interpreter)</source>
        <translation>Programas (.py) são executados com %1 (Executar &gt; Interpretador)</translation>
    </message>
    <message>
        <source>Choose a Python interpreter (3.8 or later)</source>
        <translation>Escolha um interpretador Python (3.8 ou mais recente)</translation>
    </message>
    <message>
        <source>Running %1 with %2...</source>
        <translation>Executando %1 com %2...</translation>
    </message>
    <message>
        <source>%1 exited with status %2: the Output dock shows what it wrote.</source>
        <translation>%1 terminou com status %2: o painel Saída mostra o que ele escreveu.</translation>
    </message>
    <message>
        <source>Open a program (.py) first.</source>
        <translation>Abra um programa (.py) primeiro.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 salvo</translation>
    </message>
    <message>
        <source>Could not save the source</source>
        <translation>Não foi possível salvar o código-fonte</translation>
    </message>
    <message>
        <source>Open a program (.py) first: its input is kept with it.</source>
        <translation>Abra um programa (.py) primeiro: a entrada fica guardada com ele.</translation>
    </message>
    <message>
        <source>Program input</source>
        <translation>Entrada do programa</translation>
    </message>
    <message>
        <source>What %1 reads from standard input (one line per input()); it runs again with it:</source>
        <translation>O que %1 lê da entrada padrão (uma linha por input()); ele é executado de novo com ela:</translation>
    </message>
    <message>
        <source>Time-out</source>
        <translation>Tempo limite</translation>
    </message>
    <message>
        <source>Seconds a program may run before it is stopped (0: no limit):</source>
        <translation>Segundos que um programa pode executar antes de ser interrompido (0: sem limite):</translation>
    </message>
</context>
<context>
    <name>arenascope::app::OutputPanel</name>
    <message>
        <source>What the program prints appears here, step by step.</source>
        <translation>O que o programa imprime aparece aqui, passo a passo.</translation>
    </message>
</context>
<context>
    <name>arenascope::app::RecordDialog</name>
    <message>
        <source>Record a script</source>
        <translation>Gravar um script</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Procurar...</translation>
    </message>
    <message>
        <source>Script:</source>
        <translation>Script:</translation>
    </message>
    <message>
        <source>Python script to record</source>
        <translation>Script Python a gravar</translation>
    </message>
    <message>
        <source>Python scripts (*.py);;All files (*)</source>
        <translation>Scripts Python (*.py);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>as on a command line, quotes allowed</source>
        <translation>como numa linha de comando, aspas permitidas</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Argumentos:</translation>
    </message>
    <message>
        <source>The Python this build was made with</source>
        <translation>O Python com que este build foi feito</translation>
    </message>
    <message>
        <source>Another interpreter gets the recorder compiled for it on first use</source>
        <translation>Outro interpretador recebe o gravador compilado para ele no primeiro uso</translation>
    </message>
    <message>
        <source>Python:</source>
        <translation>Python:</translation>
    </message>
    <message>
        <source>Write the trace to</source>
        <translation>Gravar o rastro em</translation>
    </message>
    <message>
        <source>Traces (*.trace.gz *.trace)</source>
        <translation>Rastros (*.trace.gz *.trace)</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>&amp;Gravar</translation>
    </message>
    <message>
        <source>Choose a script to record.</source>
        <translation>Escolha um script a gravar.</translation>
    </message>
    <message>
        <source>Choose where to write the trace.</source>
        <translation>Escolha onde gravar o rastro.</translation>
    </message>
    <message>
        <source>Recording failed</source>
        <translation>A gravação falhou</translation>
    </message>
    <message>
        <source>The script failed</source>
        <translation>O script falhou</translation>
    </message>
    <message>
        <source>The script exited with status %1. The trace holds its calls up to where it stopped.

Its last output:
%2</source>
        <translation>O script terminou com o status %1. O rastro contém as chamadas até onde ele parou.

Sua última saída:
%2</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>Cancelando...</translation>
    </message>
    <message>
        <source>%1 (the one Arenascope was built with)</source>
        <translation>%1 (o mesmo com que o Arenascope foi compilado)</translation>
    </message>
    <message>
        <source>Save trace as:</source>
        <translation>Salvar rastro como:</translation>
    </message>
    <message>
        <source>Record the source line of each allocation (slower; shown in the inspector)</source>
        <translation>Gravar a linha de código de cada alocação (mais lento; exibida no inspetor)</translation>
    </message>
    <message>
        <source>Runs the script under Python and records every call to its allocator. The trace opens here when the script ends.</source>
        <translation>Executa o script no Python e grava cada chamada ao seu alocador. O rastro é aberto aqui quando o script termina.</translation>
    </message>
    <message>
        <source>Recording %1... Cancel stops the script.</source>
        <translation>Gravando %1... Cancelar interrompe o script.</translation>
    </message>
    <message>
        <source>Recording cancelled: the script was stopped and no trace was kept.</source>
        <translation>Gravação cancelada: o script foi interrompido e nenhum rastro foi mantido.</translation>
    </message>
    <message>
        <source>Record line by line: names and objects at each line</source>
        <translation>Gravar linha a linha: nomes e objetos em cada linha</translation>
    </message>
    <message>
        <source>At each line of your own files: the frames, their names and the objects they reach, shown in the Scenario and Collector docks</source>
        <translation>Em cada linha dos seus próprios arquivos: os quadros, seus nomes e os objetos que eles alcançam, mostrados nos painéis Cenário e Coletor</translation>
    </message>
</context>
<context>
    <name>arenascope::app::ScenarioPanel</name>
    <message>
        <source>Double-click a line to go to the next operation on it.</source>
        <translation>Clique duas vezes em uma linha para ir à próxima operação dela.</translation>
    </message>
    <message>
        <source>◀ Previous operation</source>
        <translation>◀ Operação anterior</translation>
    </message>
    <message>
        <source>The scenario&apos;s previous statement or collection phase (Ctrl+Left)</source>
        <translation>A instrução ou fase de coleta anterior do cenário (Ctrl+Esquerda)</translation>
    </message>
    <message>
        <source>Next operation ▶</source>
        <translation>Próxima operação ▶</translation>
    </message>
    <message>
        <source>The scenario&apos;s next statement or collection phase (Ctrl+Right)</source>
        <translation>A próxima instrução ou fase de coleta do cenário (Ctrl+Direita)</translation>
    </message>
    <message>
        <source>Operation %1 of %2</source>
        <translation>Operação %1 de %2</translation>
    </message>
    <message>
        <source>Line %1 reads gc.get_count() before the first gc.collect(). Real Python also counts the objects its start-up made (a few hundred), so python3 prints other numbers there.</source>
        <translation>A linha %1 lê gc.get_count() antes do primeiro gc.collect(). O Python de verdade também conta os objetos criados na sua inicialização (algumas centenas), então o python3 imprime outros números ali.</translation>
    </message>
    <message>
        <source>Line %1: generation 0 passes its threshold before the first gc.collect(). In real Python the start-up&apos;s objects count too, so its first automatic collection comes sooner.</source>
        <translation>Linha %1: a geração 0 passa do seu limiar antes do primeiro gc.collect(). No Python de verdade os objetos da inicialização também contam, então a primeira coleta automática vem antes.</translation>
    </message>
</context>
<context>
    <name>arenascope::app::ScenarioTitles</name>
    <message>
        <source>A freed block is handed out again first</source>
        <translation>Um bloco liberado é o primeiro a ser entregue de novo</translation>
    </message>
    <message>
        <source>Generation 0 passing its threshold starts a collection</source>
        <translation>Quando a geração 0 passa do limite, começa uma coleta</translation>
    </message>
    <message>
        <source>A dict that grows without bound (a cache nobody empties)</source>
        <translation>Um dict que cresce sem parar (um cache que ninguém esvazia)</translation>
    </message>
    <message>
        <source>List growth and over-allocation</source>
        <translation>O crescimento das listas e a superalocação</translation>
    </message>
    <message>
        <source>One surviving object keeps a whole arena</source>
        <translation>Um único objeto sobrevivente retém uma arena inteira</translation>
    </message>
    <message>
        <source>A reference cycle survives `del` until the collector runs</source>
        <translation>Um ciclo de referências sobrevive ao `del` até o coletor rodar</translation>
    </message>
    <message>
        <source>Building a string with + versus &apos;&apos;.join</source>
        <translation>Montar uma string com + ou com &apos;&apos;.join</translation>
    </message>
</context>
<context>
    <name>arenascope::app::SourcePanel</name>
    <message>
        <source>The source the recording holds (read-only)</source>
        <translation>O código-fonte guardado na gravação (somente leitura)</translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <translation>%1 (somente leitura)</translation>
    </message>
    <message>
        <source>%1 (changed: Ctrl+S saves, F5 saves and runs)</source>
        <translation>%1 (alterado: Ctrl+S salva, F5 salva e executa)</translation>
    </message>
    <message>
        <source>This source is the recording&apos;s: there is no file to save it to.</source>
        <translation>Este código-fonte é o da gravação: não há arquivo onde salvá-lo.</translation>
    </message>
    <message>
        <source>%1 is read-only: the changes were not saved.</source>
        <translation>%1 é somente leitura: as alterações não foram salvas.</translation>
    </message>
    <message>
        <source>%1: could not save: %2</source>
        <translation>%1: não foi possível salvar: %2</translation>
    </message>
</context>
<context>
    <name>arenascope::app::StepControls</name>
    <message>
        <source>To start (Home)</source>
        <translation>Ir ao início (Home)</translation>
    </message>
    <message>
        <source>Step back (Left)</source>
        <translation>Voltar um passo (Esquerda)</translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation>Reproduzir / pausar (Espaço)</translation>
    </message>
    <message>
        <source>Step forward (Right)</source>
        <translation>Avançar um passo (Direita)</translation>
    </message>
    <message>
        <source>To end (End)</source>
        <translation>Ir ao fim (End)</translation>
    </message>
    <message>
        <source>Step by:</source>
        <translation>Avançar por:</translation>
    </message>
    <message>
        <source>event</source>
        <translation>evento</translation>
    </message>
    <message>
        <source>allocation</source>
        <translation>alocação</translation>
    </message>
    <message>
        <source>pool state change</source>
        <translation>mudança de estado de pool</translation>
    </message>
    <message>
        <source>arena change</source>
        <translation>mudança de arena</translation>
    </message>
    <message>
        <source>mismatch</source>
        <translation>divergência</translation>
    </message>
    <message>
        <source>Shift+Left / Shift+Right step by this kind</source>
        <translation>Shift+Esquerda / Shift+Direita avançam por este tipo</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>Velocidade:</translation>
    </message>
    <message>
        <source> events/s</source>
        <translation> eventos/s</translation>
    </message>
    <message>
        <source>step %L1 of %L2</source>
        <translation>passo %L1 de %L2</translation>
    </message>
    <message>
        <source>Drag to scrub; orange ticks mark arenas mapped or given back, triangles below it the collector&apos;s runs, filled for full collections (point at one for details, click to go there)</source>
        <translation>Arraste para percorrer; marcas laranja indicam arenas mapeadas ou devolvidas, e os triângulos abaixo da barra, as execuções do coletor, preenchidos nas coletas completas (aponte para um para ver detalhes, clique para ir até ele)</translation>
    </message>
    <message>
        <source>Collection of generation %1 from step %L2 (the trace ends inside it)</source>
        <translation>Coleta da geração %1 a partir do passo %L2 (o rastro termina no meio dela)</translation>
    </message>
    <message>
        <source>Collection of generation %1, steps %L2 to %L3: %L4 collected, %L5 uncollectable</source>
        <translation>Coleta da geração %1, passos %L2 a %L3: %L4 coletados, %L5 não coletáveis</translation>
    </message>
</context>
<context>
    <name>arenascope::views</name>
    <message>
        <source>Over the whole trace</source>
        <translation>Ao longo de todo o rastro</translation>
    </message>
    <message>
        <source>arenas</source>
        <translation>arenas</translation>
    </message>
    <message>
        <source>pools in use</source>
        <translation>pools em uso</translation>
    </message>
    <message>
        <source>KiB in allocated blocks</source>
        <translation>KiB em blocos alocados</translation>
    </message>
    <message>
        <source>step</source>
        <translation>passo</translation>
    </message>
    <message>
        <source>arenas, pools</source>
        <translation>arenas, pools</translation>
    </message>
    <message>
        <source>KiB</source>
        <translation>KiB</translation>
    </message>
    <message>
        <source>current step</source>
        <translation>passo atual</translation>
    </message>
    <message>
        <source>Blocks per size class at step %1</source>
        <translation>Blocos por classe de tamanho no passo %1</translation>
    </message>
    <message>
        <source>blocks in use</source>
        <translation>blocos em uso</translation>
    </message>
    <message>
        <source>avail blocks</source>
        <translation>blocos disponíveis</translation>
    </message>
    <message>
        <source>block size (bytes)</source>
        <translation>tamanho do bloco (bytes)</translation>
    </message>
    <message>
        <source>blocks</source>
        <translation>blocos</translation>
    </message>
    <message>
        <source>untouched block</source>
        <translation>bloco intocado</translation>
    </message>
    <message>
        <source>free block</source>
        <translation>bloco livre</translation>
    </message>
    <message>
        <source>allocated block</source>
        <translation>bloco alocado</translation>
    </message>
    <message>
        <source>not carved</source>
        <translation>não recortado</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>vazio</translation>
    </message>
    <message>
        <source>used</source>
        <translation>em uso</translation>
    </message>
    <message>
        <source>full</source>
        <translation>cheio</translation>
    </message>
    <message>
        <source>untouched</source>
        <translation>intocado</translation>
    </message>
    <message>
        <source>free</source>
        <translation>livre</translation>
    </message>
    <message>
        <source>allocated</source>
        <translation>alocado</translation>
    </message>
    <message>
        <source>arena %1  %2  free pools %3/%4</source>
        <translation>arena %1  %2  pools livres %3/%4</translation>
    </message>
    <message>
        <source>arena %1  given back to the system (unmapped)</source>
        <translation>arena %1  devolvida ao sistema (desmapeada)</translation>
    </message>
    <message>
        <source>pool %1  (%2)  size class %3: %4-byte blocks</source>
        <translation>pool %1  (%2)  classe de tamanho %3: blocos de %4 bytes</translation>
    </message>
    <message>
        <source>ref.count %1   nextoffset %2   maxnextoffset %3   freeblock %4   arenaindex %5</source>
        <translation>ref.count %1   nextoffset %2   maxnextoffset %3   freeblock %4   arenaindex %5</translation>
    </message>
    <message>
        <source>blocks on the free list: %1 (the numbers on the pages give the order; 1 is handed out next)</source>
        <translation>blocos na lista livre: %1 (os números nas páginas dão a ordem; o 1 é o próximo a ser entregue)</translation>
    </message>
    <message>
        <source>empty pool</source>
        <translation>pool vazio</translation>
    </message>
    <message>
        <source>used pool (filled by blocks in use)</source>
        <translation>pool em uso (preenchido pelos blocos em uso)</translation>
    </message>
    <message>
        <source>full pool</source>
        <translation>pool cheio</translation>
    </message>
    <message>
        <source>not yet carved</source>
        <translation>ainda não recortado</translation>
    </message>
    <message>
        <source>lost to alignment</source>
        <translation>perdido no alinhamento</translation>
    </message>
    <message>
        <source>changed by this step</source>
        <translation>alterado por este passo</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>selecionado</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>não é possível gravar %1: %2</translation>
    </message>
    <message>
        <source>cannot write %1: the file name must end in .png, .svg or .pdf</source>
        <translation>não é possível gravar %1: o nome do arquivo deve terminar em .png, .svg ou .pdf</translation>
    </message>
    <message>
        <source>could not draw the picture</source>
        <translation>não foi possível desenhar a imagem</translation>
    </message>
    <message>
        <source>generation %1</source>
        <translation>geração %1</translation>
    </message>
    <message>
        <source>not tracked</source>
        <translation>não rastreado</translation>
    </message>
    <message>
        <source>the stack: frames and names</source>
        <translation>a pilha: frames e nomes</translation>
    </message>
    <message>
        <source>collecting gen. %1: %2</source>
        <translation>coletando a geração %1: %2</translation>
    </message>
    <message>
        <source>count %1 / threshold %2</source>
        <translation>contagem %1 / limite %2</translation>
    </message>
    <message>
        <source>ints, strings: no cycles possible</source>
        <translation>ints, strings: sem ciclos</translation>
    </message>
    <message>
        <source>frame %1: %2</source>
        <translation>frame %1: %2</translation>
    </message>
    <message>
        <source>%1  %2 bytes</source>
        <translation>%1  %2 bytes</translation>
    </message>
    <message>
        <source>ob_refcnt %1   gc_refs %2</source>
        <translation>ob_refcnt %1   gc_refs %2</translation>
    </message>
    <message>
        <source>ob_refcnt %1</source>
        <translation>ob_refcnt %1</translation>
    </message>
    <message>
        <source>reachable object</source>
        <translation>objeto alcançável</translation>
    </message>
    <message>
        <source>tentatively unreachable (gc_refs 0 so far)</source>
        <translation>provisoriamente inalcançável (gc_refs 0 até agora)</translation>
    </message>
    <message>
        <source>unreachable: will be freed</source>
        <translation>inalcançável: será liberado</translation>
    </message>
    <message>
        <source>not tracked by the collector</source>
        <translation>não rastreado pelo coletor</translation>
    </message>
    <message>
        <source>(no names)</source>
        <translation>(sem nomes)</translation>
    </message>
    <message>
        <source>before the first step</source>
        <translation>antes do primeiro passo</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>linha %1: %2</translation>
    </message>
    <message>
        <source>static object, no heap block</source>
        <translation>objeto estático, sem bloco no heap</translation>
    </message>
    <message>
        <source>reference count not kept (static)</source>
        <translation>contagem de referências não mantida (estático)</translation>
    </message>
    <message>
        <source>start</source>
        <translation>início</translation>
    </message>
    <message>
        <source>survivors</source>
        <translation>sobreviventes</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fim</translation>
    </message>
    <message numerus="yes">
        <source>collect generation %1 (%2): %n objects in young</source>
        <translation>
            <numerusform>coleta da geração %1 (%2): %n objeto na lista young</numerusform>
            <numerusform>coleta da geração %1 (%2): %n objetos na lista young</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>collect generation %1: %n objects in young</source>
        <translation>
            <numerusform>coleta da geração %1: %n objeto na lista young</numerusform>
            <numerusform>coleta da geração %1: %n objetos na lista young</numerusform>
        </translation>
    </message>
    <message>
        <source>count %1 &gt; threshold %2</source>
        <translation>contagem %1 &gt; limite %2</translation>
    </message>
    <message>
        <source>update_refs: gc_refs = ob_refcnt for each object in young</source>
        <translation>update_refs: gc_refs = ob_refcnt para cada objeto da lista young</translation>
    </message>
    <message>
        <source>subtract_refs: references from inside young subtracted; gc_refs &gt; 0 means referenced from outside</source>
        <translation>subtract_refs: referências de dentro da lista young subtraídas; gc_refs &gt; 0 significa referenciado de fora</translation>
    </message>
    <message>
        <source>move_unreachable: %1, %2</source>
        <translation>move_unreachable: %1, %2</translation>
    </message>
    <message numerus="yes">
        <source>%n unreachable</source>
        <translation>
            <numerusform>%n inalcançável</numerusform>
            <numerusform>%n inalcançáveis</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reachable</source>
        <translation>
            <numerusform>%n alcançável</numerusform>
            <numerusform>%n alcançáveis</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>untrack_tuples, untrack_dicts; %n survivors stay in generation %1</source>
        <translation>
            <numerusform>untrack_tuples, untrack_dicts; %n sobrevivente fica na geração %1</numerusform>
            <numerusform>untrack_tuples, untrack_dicts; %n sobreviventes ficam na geração %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>untrack_tuples; %n survivors moved to generation %1</source>
        <translation>
            <numerusform>untrack_tuples; %n sobrevivente passa para a geração %1</numerusform>
            <numerusform>untrack_tuples; %n sobreviventes passam para a geração %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>delete_garbage: tp_clear on %n unreachable objects; reference counting frees them</source>
        <translation>
            <numerusform>delete_garbage: tp_clear em %n objeto inalcançável; a contagem de referências o libera</numerusform>
            <numerusform>delete_garbage: tp_clear em %n objetos inalcançáveis; a contagem de referências os libera</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>done: %n unreachable found; free lists cleared</source>
        <translation>
            <numerusform>fim: %n inalcançável encontrado; listas livres esvaziadas</numerusform>
            <numerusform>fim: %n inalcançáveis encontrados; listas livres esvaziadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>done: %n unreachable found</source>
        <translation>
            <numerusform>fim: %n inalcançável encontrado</numerusform>
            <numerusform>fim: %n inalcançáveis encontrados</numerusform>
        </translation>
    </message>
    <message>
        <source>compile: the module&apos;s constants</source>
        <translation>compilação: as constantes do módulo</translation>
    </message>
    <message>
        <source>line %1: stopped by the error</source>
        <translation>linha %1: interrompido pelo erro</translation>
    </message>
    <message>
        <source>end of the program: the last loop&apos;s iterator is freed</source>
        <translation>fim do programa: o iterador do último laço é liberado</translation>
    </message>
    <message>
        <source>, arrows for its first %1 references only</source>
        <translation>, setas só para as suas primeiras %1 referências</translation>
    </message>
    <message>
        <source>end of the program: the interpreter shuts down</source>
        <translation>fim do programa: o interpretador se encerra</translation>
    </message>
</context>
<context>
    <name>arenascope::views::EventLogModel</name>
    <message>
        <source>mismatch</source>
        <translation>divergência</translation>
    </message>
    <message>
        <source>new arena</source>
        <translation>nova arena</translation>
    </message>
    <message>
        <source>arena given back</source>
        <translation>arena devolvida</translation>
    </message>
    <message>
        <source>pool state</source>
        <translation>estado do pool</translation>
    </message>
    <message>
        <source>system allocator</source>
        <translation>alocador do sistema</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Passo</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Linha</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operação</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>Domínio</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>Pointer</source>
        <translation>Ponteiro</translation>
    </message>
    <message>
        <source>Old pointer</source>
        <translation>Ponteiro antigo</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>O que aconteceu</translation>
    </message>
</context>
<context>
    <name>arenascope::views::GcView</name>
    <message>
        <source>The collector&apos;s view comes with scenarios: open one from File &gt; Open example.</source>
        <translation>A visualização do coletor vem com os cenários: abra um em Arquivo &gt; Abrir exemplo.</translation>
    </message>
    <message numerus="yes">
        <source>%n of the interpreter&apos;s own tracked objects not drawn</source>
        <translation>
            <numerusform>%n objeto rastreado do próprio interpretador não desenhado</numerusform>
            <numerusform>%n objetos rastreados do próprio interpretador não desenhados</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>arenascope::views::HeapView</name>
    <message>
        <source>Open a trace (File &gt; Open) or a demo.</source>
        <translation>Abra um rastro (Arquivo &gt; Abrir) ou uma demonstração.</translation>
    </message>
</context>
<context>
    <name>arenascope::views::Inspector</name>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>allocator (step %1 of %2)</source>
        <translation>alocador (passo %1 de %2)</translation>
    </message>
    <message>
        <source>arena_object arenas[%1]</source>
        <translation>arena_object arenas[%1]</translation>
    </message>
    <message>
        <source>pool_header %1 (%2)</source>
        <translation>pool_header %1 (%2)</translation>
    </message>
    <message>
        <source>%1 (%2-byte blocks)</source>
        <translation>%1 (blocos de %2 bytes)</translation>
    </message>
    <message>
        <source>blocks (NUMBLOCKS)</source>
        <translation>blocos (NUMBLOCKS)</translation>
    </message>
    <message>
        <source>block %1 (%2)</source>
        <translation>bloco %1 (%2)</translation>
    </message>
    <message>
        <source>block number</source>
        <translation>número do bloco</translation>
    </message>
    <message>
        <source>requested size</source>
        <translation>tamanho pedido</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 bytes</translation>
    </message>
    <message>
        <source>allocated at step</source>
        <translation>alocado no passo</translation>
    </message>
    <message>
        <source>trace line</source>
        <translation>linha do rastro</translation>
    </message>
    <message>
        <source>event</source>
        <translation>evento</translation>
    </message>
    <message>
        <source>source line</source>
        <translation>linha do código-fonte</translation>
    </message>
    <message>
        <source>code</source>
        <translation>código</translation>
    </message>
    <message>
        <source>source file</source>
        <translation>arquivo do código-fonte</translation>
    </message>
</context>
<context>
    <name>arenascope::views::Picture</name>
    <message>
        <source>The heap: arenas (tables) and their pools (books)</source>
        <translation>O heap: arenas (mesas) e seus pools (livros)</translation>
    </message>
    <message>
        <source>Pool %1 and its blocks (pages)</source>
        <translation>Pool %1 e seus blocos (páginas)</translation>
    </message>
    <message>
        <source>No pool selected</source>
        <translation>Nenhum pool selecionado</translation>
    </message>
    <message>
        <source>Arenas, pools and blocks over time</source>
        <translation>Arenas, pools e blocos ao longo do tempo</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>before the first event</source>
        <translation>antes do primeiro evento</translation>
    </message>
    <message>
        <source>event applied: %1 (line %2)</source>
        <translation>evento aplicado: %1 (linha %2)</translation>
    </message>
    <message>
        <source>, a mismatch</source>
        <translation>, uma divergência</translation>
    </message>
    <message>
        <source>step %1 of %2 · %3</source>
        <translation>passo %1 de %2 · %3</translation>
    </message>
    <message>
        <source>profile %1 (%2) · arenas: %3 · pools in use: %4 · bytes in allocated blocks: %5</source>
        <translation>perfil %1 (%2) · arenas: %3 · pools em uso: %4 · bytes em blocos alocados: %5</translation>
    </message>
    <message>
        <source>No carved pool is selected at this step.</source>
        <translation>Nenhum pool recortado está selecionado neste passo.</translation>
    </message>
    <message>
        <source>The collector: frames, objects and their references</source>
        <translation>O coletor: frames, objetos e suas referências</translation>
    </message>
    <message>
        <source>scenario operation %1 of %2 · %3</source>
        <translation>operação %1 de %2 do cenário · %3</translation>
    </message>
    <message>
        <source>The collector&apos;s view needs a scenario.</source>
        <translation>A visualização do coletor precisa de um cenário.</translation>
    </message>
</context>
<context>
    <name>arenascope::views::PoolView</name>
    <message>
        <source>Click a book (a pool) to see its pages (blocks).</source>
        <translation>Clique em um livro (um pool) para ver suas páginas (blocos).</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>See how CPython manages memory.</source>
        <translation>Veja como o CPython gerencia a memória.</translation>
    </message>
    <message>
        <source>CPython profile (e.g. 3.11)</source>
        <translation>Perfil do CPython (p. ex. 3.11)</translation>
    </message>
    <message>
        <source>Language of the window: en or pt_BR (default: View &gt; Language, else the system&apos;s)</source>
        <translation>Idioma da janela: en ou pt_BR (padrão: Exibir &gt; Idioma, senão o do sistema)</translation>
    </message>
    <message>
        <source>Save a picture of the window to FILE and quit</source>
        <translation>Salvar uma imagem da janela em FILE e sair</translation>
    </message>
    <message>
        <source>Select the pool and block at ADDRESS once loaded</source>
        <translation>Selecionar o pool e o bloco em ADDRESS depois de carregar</translation>
    </message>
    <message>
        <source>Go to STEP once loaded (for a scenario: its STEP-th operation)</source>
        <translation>Ir para o passo STEP depois de carregar (para um cenário: a sua operação de número STEP)</translation>
    </message>
    <message>
        <source>A trace, or a scenario (.py), to open</source>
        <translation>Um rastro, ou um cenário (.py), a abrir</translation>
    </message>
</context>
</TS>
