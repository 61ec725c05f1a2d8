// Inspector: field tables for arena_object, pool_header and a block, held in a
// two-level item model (sections, then their fields) under a QTreeView.
#include "views/inspector.h"
#include "views/painters.h"

#include <QAbstractItemModel>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>

namespace arenascope::views {
namespace {

// Line `line` of the file at `path` as it reads now (it may have changed since
// the recording), or nothing when it cannot be read: "<frozen ...>" modules,
// or a script recorded elsewhere. The last file is kept, as playback asks often.
QString sourceText(const QString& path, uint32_t line) {
    static QString cachedPath;
    static QStringList cachedLines;
    if (path != cachedPath) {
        QFile f(path);
        cachedPath = path;
        cachedLines = f.open(QIODevice::ReadOnly | QIODevice::Text)
                          ? QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'))
                          : QStringList();
    }
    return line >= 1 && line <= uint32_t(cachedLines.size()) ? cachedLines[int(line - 1)].trimmed()
                                                              : QString();
}

} // namespace

// Sections are the top-level rows; a field row's internal id is its section's
// row + 1 (0 marks a section). Only a section's first column has children,
// which is what QAbstractItemModelTester expects of a tree.
class Inspector::Model : public QAbstractItemModel {
public:
    Model(const QStringList& headers, QObject* parent) : QAbstractItemModel(parent), headers_(headers) {}

    const QList<Section>& sections() const { return sections_; }
    // A reset, as QTreeWidget::clear() did: the view forgets the old rows'
    // expanded and spanned state at once.
    void setSections(QList<Section> sections) {
        beginResetModel();
        sections_ = std::move(sections);
        endResetModel();
    }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override {
        if (!hasIndex(row, column, parent))
            return {};
        return createIndex(row, column, parent.isValid() ? quintptr(parent.row()) + 1 : quintptr(0));
    }
    QModelIndex parent(const QModelIndex& child) const override {
        if (!child.isValid() || child.internalId() == 0)
            return {};
        return createIndex(int(child.internalId() - 1), 0, quintptr(0));
    }
    int rowCount(const QModelIndex& parent = {}) const override {
        if (!parent.isValid())
            return int(sections_.size());
        const bool section = parent.internalId() == 0 && parent.column() == 0;
        return section ? int(sections_[parent.row()].fields.size()) : 0;
    }
    int columnCount(const QModelIndex& = {}) const override { return int(headers_.size()); }

    QVariant data(const QModelIndex& index, int role) const override {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid))
            return {};
        if (index.internalId() == 0)
            return role == Qt::DisplayRole && index.column() == 0 ? sections_[index.row()].title : QVariant();
        const Field& f = sections_[int(index.internalId() - 1)].fields[index.row()];
        if (role == Qt::DisplayRole)
            return index.column() == 0 ? f.name : f.value;
        if (role == Qt::ToolTipRole && index.column() == 1)
            return f.value;  // whole, when the column is too narrow
        return {};
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
        if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < headers_.size())
            return headers_[section];
        return QAbstractItemModel::headerData(section, orientation, role);
    }

private:
    QStringList headers_;
    QList<Section> sections_;
};

Inspector::Inspector(Session* session, QWidget* parent)
    : QTreeView(parent), session_(session), model_(new Model({tr("Field"), tr("Value")}, this)) {
    setObjectName(QStringLiteral("inspector"));
    setModel(model_);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
    setMinimumWidth(300);  // with a program's docks, the window still fits 1024 pixels
    setRootIsDecorated(true);
    // Long values (a script's path) keep both ends: the file name and line.
    setTextElideMode(Qt::ElideMiddle);
    connect(session_, &Session::stepChanged, this, &Inspector::refresh);
    connect(session_, &Session::selectionChanged, this, &Inspector::refresh);
}

QStringList Inspector::rows() const {
    QStringList out;
    for (const Section& s : model_->sections())
        for (const Field& f : s.fields)
            out << s.title + "/" + f.name + " = " + f.value;
    return out;
}

void Inspector::refresh() {
    model_->setSections(sections());
    for (int row = 0; row < model_->rowCount(); ++row) {
        setFirstColumnSpanned(row, {}, true);  // the field names alone size the first column
        setExpanded(model_->index(row, 0), true);
    }
}

QList<Inspector::Section> Inspector::sections() const {
    if (!session_->hasTrace())
        return {};
    const Timeline& tl = session_->timeline();
    const Allocator& a = tl.allocator();
    const AllocatorState& st = a.state();
    QList<Section> out;
    auto section = [&](const QString& title) { out.append({title, {}}); };
    // A field of the section opened last.
    auto field = [&](const QString& name, const QString& value) { out.last().fields.append({name, value}); };

    section(tr("allocator (step %1 of %2)").arg(tl.step()).arg(tl.stepCount()));
    field(QStringLiteral("narenas_currently_allocated"), QString::number(st.g.narenas_currently_allocated));
    field(QStringLiteral("ntimes_arena_allocated"), QString::number(st.g.ntimes_arena_allocated));
    field(QStringLiteral("narenas_highwater"), QString::number(st.g.narenas_highwater));
    field(QStringLiteral("maxarenas"), QString::number(st.g.maxarenas));

    const PoolRef pool = session_->selectedPool();
    if (pool == kNoPool)
        return out;
    const ArenaIndex ai = a.arenaOfPool(pool);
    const ArenaObject& ao = st.arenas[ai];
    section(tr("arena_object arenas[%1]").arg(ai));
    field(QStringLiteral("address"), hex(ao.address));
    field(QStringLiteral("pool_address"), hex(ao.pool_address));
    field(QStringLiteral("nfreepools"), QString::number(ao.nfreepools));
    field(QStringLiteral("ntotalpools"), QString::number(ao.ntotalpools));
    field(QStringLiteral("freepools"),
          ao.freepools == kNoPool ? QStringLiteral("NULL") : hex(a.poolAddress(ao.freepools)));

    const PoolHeader& ph = st.pools[pool];
    const PoolState ps = a.poolState(pool);
    section(tr("pool_header %1 (%2)").arg(hex(a.poolAddress(pool)), poolStateText(ps)));
    if (ps == PoolState::Uncarved)
        return out;
    field(QStringLiteral("ref.count"), QString::number(ph.count));
    field(QStringLiteral("freeblock"),
          ph.freeblock ? hex(a.blockAddress(pool, ph.freeblock - 1)) : QStringLiteral("NULL"));
    field(QStringLiteral("arenaindex"), QString::number(ph.arenaindex));
    field(QStringLiteral("szidx"),
          tr("%1 (%2-byte blocks)").arg(ph.szidx).arg(a.profile().blockSize(ph.szidx)));
    field(QStringLiteral("nextoffset"), QString::number(ph.nextoffset));
    field(QStringLiteral("maxnextoffset"), QString::number(ph.maxnextoffset));
    field(tr("blocks (NUMBLOCKS)"), QString::number(a.profile().blocksPerPool(ph.szidx)));

    const int b = session_->selectedBlock();
    if (b < 0 || unsigned(b) >= a.profile().blocksPerPool(ph.szidx))
        return out;
    const uint64_t addr = a.blockAddress(pool, unsigned(b));
    const BlockState bs = a.blockState(pool, unsigned(b));
    section(tr("block %1 (%2)").arg(hex(addr), blockStateText(bs)));
    field(tr("block number"), QString::number(b));
    if (bs == BlockState::Allocated) {
        const size_t ev = tl.allocationOf(addr, tl.step());
        if (ev != Timeline::npos) {
            const Event e = tl.store().event(ev);
            field(tr("requested size"), tr("%1 bytes").arg(e.size));
            field(tr("allocated at step"), QString::number(ev + 1));
            field(tr("trace line"), QString::number(tl.store().lineOf(ev)));
            // Recorded with --source-lines: the Python line that asked for it.
            const SourceLocation src = tl.store().sourceOf(ev);
            if (!src.file.empty()) {
                // The file's name first: a whole path rarely fits the column.
                const QString path = QString::fromUtf8(src.file.data(), qsizetype(src.file.size()));
                const QString name = QFileInfo(path).fileName();
                field(tr("source line"), QStringLiteral("%1:%2").arg(name).arg(src.line));
                const QString code = sourceText(path, src.line);
                if (!code.isEmpty())
                    field(tr("code"), code);
                if (name != path)
                    field(tr("source file"), path);
            }
            field(tr("event"), QString::fromStdString(formatEvent(e)));
        }
    }
    return out;
}

} // namespace arenascope::views
