// The event log as a table model over the loaded trace: rows are made on
// demand from the compact store, so millions of rows cost nothing; a filter
// keeps a list of matching rows.
#pragma once

#include "model/trace/loadedtrace.h"

#include <QAbstractTableModel>
#include <memory>
#include <vector>

namespace arenascope::views {

class EventLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Step, Line, Operation, Domain, Size, Pointer, OldPointer, Note, ColumnCount };
    enum Role { EventIndexRole = Qt::UserRole + 1 };

    explicit EventLogModel(QObject* parent = nullptr);
    void setTrace(std::shared_ptr<const LoadedTrace> trace);
    // Keeps rows whose operation, domain or pointers contain the text.
    void setFilter(const QString& text);
    QString filter() const { return filter_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    size_t eventAt(int row) const;
    int rowOfEvent(size_t event) const;  // nearest row at or before; -1 if none

private:
    std::shared_ptr<const LoadedTrace> trace_;
    QString filter_;
    bool filtered_ = false;
    std::vector<uint32_t> rows_;
};

} // namespace arenascope::views
