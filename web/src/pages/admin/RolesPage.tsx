import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../../api/api-error';
import { createRole, deleteRole, fetchRoles, updateRole, type PermissionInfo, type RoleView } from '../../api/identity';
import { permissionLabel, roleDescription, roleName } from '../../components/labels';
import { Page } from '../../components/Page';
import { ProblemNotice } from '../../components/ProblemText';
import { useLoad } from '../../components/useLoad';
import { hasPermission, useSession } from '../../session/SessionProvider';

/** Roles: the built-in ones and custom ones, each a set of permissions from the catalogue. */
export function RolesPage(): ReactNode {
  const { t } = useTranslation();
  const { state } = useSession();
  const catalogue = useLoad(fetchRoles);
  const canManage = hasPermission(state, 'roles.manage');
  const [editing, setEditing] = useState<RoleView | 'new' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const remove = (role: RoleView): void => {
    setError(null);
    deleteRole(role.id).then(catalogue.reload, (failure: unknown) => setError(asApiError(failure)));
  };

  return (
    <Page title={t('admin.roles.title')} heading={t('admin.roles.heading')}>
      <p className="lead">{t('admin.roles.intro')}</p>
      <ProblemNotice error={catalogue.error ?? error} />
      {canManage && editing === null && (
        <div className="button-row">
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            {t('admin.roles.new')}
          </button>
        </div>
      )}
      {editing !== null && catalogue.data !== null && (
        <RoleForm
          role={editing === 'new' ? null : editing}
          permissions={catalogue.data.permissions}
          onDone={() => {
            setEditing(null);
            catalogue.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {catalogue.data?.roles.map((role) => (
        <section key={role.id} className="card card--wide" aria-labelledby={`role-${role.id}`} data-role={role.id}>
          <h2 id={`role-${role.id}`}>
            {roleName(t, role, role.id)} {role.builtIn && <span className="tag">{t('admin.roles.builtIn')}</span>}
          </h2>
          <p>{roleDescription(t, role)}</p>
          <ul className="permission-list">
            {role.permissions.map((name) => (
              <li key={name}>
                {permissionLabel(t, name, catalogue.data?.permissions.find((p) => p.name === name)?.label)} <code>{name}</code>
              </li>
            ))}
          </ul>
          {canManage && !role.builtIn && (
            <div className="button-row">
              <button type="button" className="button" onClick={() => setEditing(role)}>
                {t('admin.roles.edit')}
              </button>
              <button type="button" className="button" onClick={() => remove(role)}>
                {t('admin.roles.delete')}
              </button>
            </div>
          )}
        </section>
      ))}
    </Page>
  );
}

function RoleForm({ role, permissions, onDone, onCancel }: { readonly role: RoleView | null; readonly permissions: readonly PermissionInfo[]; readonly onDone: () => void; readonly onCancel: () => void }): ReactNode {
  const { t } = useTranslation();
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(role?.permissions ?? []));
  const [error, setError] = useState<ApiError | null>(null);
  const [missingName, setMissingName] = useState(false);

  const toggle = (permission: string): void =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (!next.delete(permission)) next.add(permission);
      return next;
    });

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (name.trim() === '') {
      setMissingName(true);
      return;
    }
    setMissingName(false);
    setError(null);
    const input = { name: name.trim(), description: description.trim(), permissions: [...chosen] };
    (role === null ? createRole(input) : updateRole(role.id, input)).then(onDone, (failure: unknown) => setError(asApiError(failure)));
  };

  return (
    <section className="card card--wide" aria-labelledby="role-form-heading">
      <h2 id="role-form-heading">{role === null ? t('admin.roles.new') : t('admin.roles.editHeading', { name: role.name })}</h2>
      <form className="stack-form" onSubmit={submit} noValidate>
        <ProblemNotice error={error} />
        <div className="field">
          <label htmlFor="role-name">{t('admin.roles.name')}</label>
          <input
            id="role-name"
            type="text"
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={missingName ? true : undefined}
            aria-describedby={missingName ? 'role-name-error' : undefined}
          />
          {missingName && (
            <span id="role-name-error" className="field__error">
              {t('forms.required')}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="role-description">{t('admin.roles.description')}</label>
          <input id="role-description" type="text" maxLength={500} value={description} onChange={(event) => setDescription(event.target.value)} />
        </div>
        <fieldset className="permission-choices">
          <legend>{t('admin.roles.permissions')}</legend>
          {permissions.map((permission) => (
            <div key={permission.name} className="checkbox-field">
              <input id={`role-permission-${permission.name}`} type="checkbox" checked={chosen.has(permission.name)} onChange={() => toggle(permission.name)} />
              <label htmlFor={`role-permission-${permission.name}`}>
                {permissionLabel(t, permission.name, permission.label)} <code>{permission.name}</code>
                {permission.content && <span className="tag">{t('admin.roles.content')}</span>}
              </label>
            </div>
          ))}
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button button--primary">
            {t('common.save')}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
