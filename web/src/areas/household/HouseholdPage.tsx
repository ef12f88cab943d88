import { useState } from 'react';
import { Link } from 'wouter';
import { useHousehold } from '../../api/queries/household';
import { type Member, useChangeRole, useMembers } from '../../api/queries/members';
import { useSession } from '../../app/session';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { AddMemberDialog } from './AddMemberDialog';
import { BaseCurrencyForm } from './BaseCurrencyForm';
import { ConcentrationLimitForm } from './ConcentrationLimitForm';
import { EXCHANGE_RATES_PATH } from './exchange-rates/rate-links';
import { HouseholdFileSection } from './HouseholdFileSection';
import { MembersTable } from './MembersTable';
import { RemoveMemberDialog } from './RemoveMemberDialog';
import './household.css';

type Open = { dialog: 'add' } | { dialog: 'remove'; member: Member } | null;

/**
 * The household: its members and their roles (owners manage them), the base currency with the way to its exchange
 * rates, and the concentration limit.
 */
export default function HouseholdPage() {
  const { me, isOwner } = useSession();
  const household = useHousehold();
  const members = useMembers();
  const changeRole = useChangeRole();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);

  return (
    <section className="household">
      <div className="page-head">
        <div>
          <h1>Household</h1>
          <p className="household-name">{household.data?.name ?? me.household.name}</p>
        </div>
        <div className="page-actions">
          {isOwner && (
            <button type="button" className="primary" onClick={() => setOpen({ dialog: 'add' })}>
              Add member
            </button>
          )}
          <Link href={EXCHANGE_RATES_PATH} className="button">
            Exchange rates
          </Link>
        </div>
      </div>

      <h2>Members</h2>
      {changeRole.error !== null && (
        <p role="alert" className="alert">
          {changeRole.error.message}
        </p>
      )}
      {members.isPending ? (
        <Loading what="the members" />
      ) : members.isError ? (
        <LoadError error={members.error} retry={() => members.refetch()} />
      ) : members.data.total === 0 ? (
        <EmptyState title="No members yet">
          <p>Add the people who share these portfolios with “Add member”.</p>
        </EmptyState>
      ) : (
        <MembersTable
          members={members.data.items}
          meId={me.id}
          // While "Add member" is open its "Role" is the only control of that name on the screen.
          manage={
            isOwner && open?.dialog !== 'add'
              ? {
                  busy: changeRole.isPending,
                  onRole: (member, role) => changeRole.mutate({ id: member.id, role }),
                  onRemove: (member) => setOpen({ dialog: 'remove', member }),
                }
              : undefined
          }
        />
      )}
      {!isOwner && <p className="muted">Only an owner adds members, changes their roles or removes them.</p>}

      <h2>Base currency</h2>
      {household.isPending ? (
        <Loading what="the household’s settings" />
      ) : household.isError ? (
        <LoadError error={household.error} retry={() => household.refetch()} />
      ) : (
        <BaseCurrencyForm household={household.data} canChange={isOwner} />
      )}

      <h2>Concentration limit</h2>
      {household.isPending ? (
        <Loading what="the household’s settings" />
      ) : household.isError ? (
        <LoadError error={household.error} retry={() => household.refetch()} />
      ) : (
        <ConcentrationLimitForm household={household.data} canChange={isOwner} />
      )}

      {isOwner && (
        <>
          <h2>Export and import</h2>
          <HouseholdFileSection />
        </>
      )}

      {open?.dialog === 'add' && <AddMemberDialog onClose={close} />}
      {open?.dialog === 'remove' && <RemoveMemberDialog member={open.member} onClose={close} />}
    </section>
  );
}
