/*
 * Fleetwire: Mosquitto 2.0 plugin (plugin API version 5) that binds the MQTT client id to the
 * device identity on the device listeners (issue 4: "client id different from the certificate:
 * refused").
 *
 * Why a plugin: with `use_identity_as_username true` Mosquitto 2.0.11 skips the whole
 * username/password (MOSQ_EVT_BASIC_AUTH) step for certificate and PSK logins, so nothing can
 * look at the client id before the session is created; `use_username_as_clientid` silently
 * replaces the client id instead of refusing it. So the generated config leaves both options off
 * on the device listeners, and this plugin, loaded before the dynamic-security plugin, does what
 * they did plus the check, during CONNECT and before any session exists:
 *
 *   - certificate client (mutual-TLS listener): identity = certificate CN;
 *   - PSK client (PSK listener): identity = PSK identity. The plugin serves the PSK keys itself
 *     (MOSQ_EVT_PSK_KEY, from `plugin_opt_psk_file`, re-read on SIGHUP) because that is the only
 *     place the identity is visible once `use_identity_as_username` is off;
 *   - identity == client id: the username becomes the identity (the dynamic-security plugin's
 *     ACLs then apply as before) and the login succeeds;
 *   - otherwise: MOSQ_ERR_AUTH, which Mosquitto answers with CONNACK 0x87 (MQTT 5) or 5
 *     (MQTT 3.1.1). No session is created or taken over, so there is nothing to kick.
 *   - a client with neither (the plain services listener): deferred to the next plugin
 *     (dynamic security checks the username and password as before).
 *
 * Built by infra/src/mosquitto-plugin.ts: gcc -shared -fPIC ... -lcrypto.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

#define MAX_IDENTITY 256
#define MAX_KEY_HEX 1024

struct psk_entry {
	char identity[MAX_IDENTITY];
	char key[MAX_KEY_HEX];
	struct psk_entry *next;
};

/* A PSK handshake that has completed and whose CONNECT has not been seen yet. */
struct pending_psk {
	const struct mosquitto *client;
	char identity[MAX_IDENTITY];
	struct pending_psk *next;
};

static mosquitto_plugin_id_t *plugin_id = NULL;
static char *psk_file = NULL;
static struct psk_entry *psk_entries = NULL;
static struct pending_psk *pending = NULL;

static void free_psk_entries(void)
{
	while(psk_entries){
		struct psk_entry *next = psk_entries->next;
		memset(psk_entries->key, 0, sizeof(psk_entries->key));
		free(psk_entries);
		psk_entries = next;
	}
}

/* Lines "identity:hexkey", as Mosquitto's own psk_file. */
static int load_psk_file(void)
{
	FILE *f;
	char line[MAX_IDENTITY + MAX_KEY_HEX + 4];

	free_psk_entries();
	if(!psk_file) return MOSQ_ERR_SUCCESS;
	f = fopen(psk_file, "r");
	if(!f){
		mosquitto_log_printf(MOSQ_LOG_ERR, "fleetwire_clientid: cannot read psk_file %s", psk_file);
		return MOSQ_ERR_UNKNOWN;
	}
	while(fgets(line, sizeof(line), f)){
		char *colon, *end;
		struct psk_entry *e;

		line[strcspn(line, "\r\n")] = '\0';
		if(line[0] == '\0' || line[0] == '#') continue;
		colon = strchr(line, ':');
		if(!colon || colon == line) continue;
		*colon = '\0';
		end = colon + 1;
		if(strlen(line) >= MAX_IDENTITY || strlen(end) == 0 || strlen(end) >= MAX_KEY_HEX) continue;
		e = calloc(1, sizeof(*e));
		if(!e){
			fclose(f);
			return MOSQ_ERR_NOMEM;
		}
		strcpy(e->identity, line);
		strcpy(e->key, end);
		e->next = psk_entries;
		psk_entries = e;
	}
	memset(line, 0, sizeof(line));
	fclose(f);
	return MOSQ_ERR_SUCCESS;
}

static void drop_pending(const struct mosquitto *client)
{
	struct pending_psk **p = &pending;
	while(*p){
		if((*p)->client == client){
			struct pending_psk *gone = *p;
			*p = gone->next;
			free(gone);
		}else{
			p = &(*p)->next;
		}
	}
}

/* Copies the pending PSK identity of this client into out and forgets it; false if none. */
static bool take_pending(const struct mosquitto *client, char *out)
{
	struct pending_psk *p;
	for(p = pending; p; p = p->next){
		if(p->client == client){
			strcpy(out, p->identity);
			drop_pending(client);
			return true;
		}
	}
	return false;
}

static int on_psk_key(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_psk_key *ed = event_data;
	struct psk_entry *e;
	struct pending_psk *p;
	(void)event;
	(void)userdata;

	if(!ed->identity) return MOSQ_ERR_AUTH;
	for(e = psk_entries; e; e = e->next){
		if(strcmp(e->identity, ed->identity) != 0) continue;
		if((int)strlen(e->key) >= ed->max_key_len) return MOSQ_ERR_AUTH;
		p = calloc(1, sizeof(*p));
		if(!p) return MOSQ_ERR_NOMEM;
		drop_pending(ed->client);
		p->client = ed->client;
		strcpy(p->identity, e->identity);
		p->next = pending;
		pending = p;
		strcpy(ed->key, e->key);
		return MOSQ_ERR_SUCCESS;
	}
	return MOSQ_ERR_AUTH;
}

/* The certificate's CN into out; false when it has none or it holds an embedded NUL. */
static bool certificate_cn(X509 *cert, char *out)
{
	X509_NAME *name = X509_get_subject_name(cert);
	X509_NAME_ENTRY *entry;
	ASN1_STRING *data;
	int i, len;

	if(!name) return false;
	i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	if(i < 0) return false;
	entry = X509_NAME_get_entry(name, i);
	if(!entry) return false;
	data = X509_NAME_ENTRY_get_data(entry);
	if(!data) return false;
	len = ASN1_STRING_length(data);
	if(len <= 0 || len >= MAX_IDENTITY) return false;
	memcpy(out, ASN1_STRING_get0_data(data), (size_t)len);
	out[len] = '\0';
	return strlen(out) == (size_t)len;
}

static int on_basic_auth(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_basic_auth *ed = event_data;
	char identity[MAX_IDENTITY];
	const char *kind;
	const char *client_id;
	X509 *cert;
	(void)event;
	(void)userdata;

	cert = mosquitto_client_certificate(ed->client);
	if(cert){
		bool ok = certificate_cn(cert, identity);
		X509_free(cert);
		if(!ok){
			mosquitto_log_printf(MOSQ_LOG_NOTICE, "fleetwire_clientid: refused %s: certificate without a usable CN",
					mosquitto_client_address(ed->client));
			return MOSQ_ERR_AUTH;
		}
		kind = "certificate CN";
	}else if(take_pending(ed->client, identity)){
		kind = "PSK identity";
	}else{
		/* Not a device login (services listener): the dynamic-security plugin decides. */
		return MOSQ_ERR_PLUGIN_DEFER;
	}

	client_id = mosquitto_client_id(ed->client);
	if(!client_id || strcmp(client_id, identity) != 0){
		mosquitto_log_printf(MOSQ_LOG_NOTICE,
				"fleetwire_clientid: refused client id '%s' from %s: %s is '%s'",
				client_id ? client_id : "", mosquitto_client_address(ed->client), kind, identity);
		return MOSQ_ERR_AUTH;
	}
	if(mosquitto_set_username(ed->client, identity) != MOSQ_ERR_SUCCESS) return MOSQ_ERR_AUTH;
	return MOSQ_ERR_SUCCESS;
}

static int on_disconnect(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_disconnect *ed = event_data;
	(void)event;
	(void)userdata;
	drop_pending(ed->client);
	return MOSQ_ERR_SUCCESS;
}

static int on_reload(int event, void *event_data, void *userdata)
{
	(void)event;
	(void)event_data;
	(void)userdata;
	return load_psk_file();
}

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
	int i;
	for(i = 0; i < supported_version_count; i++){
		if(supported_versions[i] == 5) return 5;
	}
	return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata, struct mosquitto_opt *options, int option_count)
{
	int i, rc;
	(void)userdata;

	plugin_id = identifier;
	for(i = 0; i < option_count; i++){
		if(!strcmp(options[i].key, "psk_file")){
			free(psk_file);
			psk_file = strdup(options[i].value);
		}
	}
	rc = load_psk_file();
	if(rc) return rc;
	rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL, NULL);
	if(!rc) rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_PSK_KEY, on_psk_key, NULL, NULL);
	if(!rc) rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_DISCONNECT, on_disconnect, NULL, NULL);
	if(!rc) rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_RELOAD, on_reload, NULL, NULL);
	return rc;
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	(void)options;
	(void)option_count;
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_PSK_KEY, on_psk_key, NULL);
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_DISCONNECT, on_disconnect, NULL);
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_RELOAD, on_reload, NULL);
	free_psk_entries();
	while(pending) drop_pending(pending->client);
	free(psk_file);
	psk_file = NULL;
	return MOSQ_ERR_SUCCESS;
}
